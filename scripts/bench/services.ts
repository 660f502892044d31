/**
 * The bench's services in processes of their own: dynalite and aws-ses-v2-local behind latency proxies in one, the
 * GitHub stand-in in another. In production these are other machines; in the client's process their work (building a
 * GraphQL answer of 1,000 commits, a DynamoDB Query of thousands of items) would run on the client's event loop and be
 * counted as its time, and in one shared process a long DynamoDB Query would hold up GitHub's answers.
 * Started by `startServices()` with fork(); requests are reported to the parent as they arrive, over IPC.
 *
 * Parent → child: { id, call, args }. Child → parent: { id, ok, value | error } for calls, { req: [service, op, epochMs] }
 * for each request. IPC keeps order, so a call's answer arrives after every request event sent before it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RequestCounter } from "./counter.js";
import type { Scale } from "./seed.js";

export interface ServiceUrls {
  /** dynalite itself (seeding, table creation) and through the latency proxy (measured runs). */
  dynamoDirect: string;
  dynamoProxy: string;
  sesDirect: string;
  sesProxy: string;
  github: string;
}

export interface RepoSummary {
  key: string;
  commits: number;
  /** Tracked file → size in bytes. */
  files: Record<string, number>;
}

type Credentials = { accessKeyId: string; secretAccessKey: string };

interface Calls {
  startAws(latencyMs: number, credentials: Credentials): Pick<ServiceUrls, "dynamoDirect" | "dynamoProxy" | "sesDirect" | "sesProxy">;
  startGitHub(latencyMs: number): Pick<ServiceUrls, "github">;
  seedGitHub(repos: { key: string; entity: string; weight: number }[], scale: Scale): RepoSummary[];
  board(): { labels: number; issues: number };
  resetBoard(): void;
  rawMessages(): { reportId: string; bytes: number }[];
  clearRawMessages(): void;
  stop(): void;
}

export interface Services extends ServiceUrls {
  call<K extends keyof Calls>(name: K, ...args: Parameters<Calls[K]>): Promise<ReturnType<Calls[K]>>;
  /** Resolves once every request event sent so far has been counted. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

type Message = { id: number; ok: boolean; value?: unknown; error?: string } | { req: [string, string, number] };

const GITHUB_CALLS: ReadonlySet<keyof Calls> = new Set(["startGitHub", "seedGitHub", "board", "resetBoard"]);

/** Forks the two services processes (same Node, same loader flags) and starts everything in them. */
export async function startServices(latencyMs: number, credentials: Credentials, counter: RequestCounter): Promise<Services> {
  const [aws, github] = [connect(counter), connect(counter)];
  const call = <K extends keyof Calls>(name: K, ...args: Parameters<Calls[K]>) =>
    (GITHUB_CALLS.has(name) ? github : aws).call(name, ...args);
  const [a, g] = await Promise.all([aws.call("startAws", latencyMs, credentials), github.call("startGitHub", latencyMs)]);
  return {
    ...a,
    ...g,
    call,
    flush: async () => void (await Promise.all([aws.call("board"), github.call("board")])),
    stop: async () => void (await Promise.all([aws.stop(), github.stop()])),
  };
}

function connect(counter: RequestCounter) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--child"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  child.on("message", (m: Message) => {
    if ("req" in m) {
      const [service, op, epochMs] = m.req;
      counter.add(service, op, epochMs - performance.timeOrigin);
      return;
    }
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(`bench services: ${m.error}`));
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`bench services exited (${code})`));
    pending.clear();
  });
  const call = <K extends keyof Calls>(name: K, ...args: Parameters<Calls[K]>) =>
    new Promise<ReturnType<Calls[K]>>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, call: name, args });
    });
  return {
    call,
    async stop() {
      await call("stop").catch(() => undefined);
      child.disconnect();
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));
    },
  };
}

/** The child side: owns the servers and answers calls. */
async function serve(): Promise<void> {
  const { startDynamo, startSes, fakeCredentials } = await import("../dev/aws-local.js");
  const { startLatencyProxy } = await import("./proxy.js");
  const { startGitHubStandIn } = await import("./github-standin.js");
  const { seedGitHub } = await import("./seed.js");
  const send = (m: Message) => process.send!(m);
  const sink = { add: (service: string, op: string) => send({ req: [service, op, performance.timeOrigin + performance.now()] }) };
  let stopAll: () => Promise<void> = async () => {};
  let github: Awaited<ReturnType<typeof startGitHubStandIn>> | undefined;
  let sesProxy: Awaited<ReturnType<typeof startLatencyProxy>> | undefined;

  const calls: { [K in keyof Calls]: (...a: Parameters<Calls[K]>) => ReturnType<Calls[K]> | Promise<ReturnType<Calls[K]>> } = {
    async startAws(latencyMs, credentials) {
      const creds = credentials ?? fakeCredentials();
      const lat = () => latencyMs;
      const [dynamo, ses] = await Promise.all([startDynamo(creds), startSes(creds)]);
      const [ddbProxy, sp] = await Promise.all([
        startLatencyProxy("dynamodb", dynamo.endpoint, lat, sink),
        startLatencyProxy("ses", ses.endpoint, lat, sink),
      ]);
      sesProxy = sp;
      stopAll = async () => {
        await Promise.all([ddbProxy.stop(), sp.stop()]);
        await Promise.all([ses.stop(), dynamo.stop()]);
      };
      return { dynamoDirect: dynamo.endpoint, dynamoProxy: ddbProxy.url, sesDirect: ses.endpoint, sesProxy: sp.url };
    },
    async startGitHub(latencyMs) {
      const gh = await startGitHubStandIn(() => latencyMs, sink);
      github = gh;
      stopAll = () => gh.stop();
      return { github: gh.url };
    },
    seedGitHub(repos, scale) {
      seedGitHub(github!.gh, repos, scale);
      return repos.map((r) => {
        const repo = github!.gh.repos.get(r.key)!;
        return {
          key: r.key,
          commits: repo.commits.length,
          files: Object.fromEntries(Object.entries(repo.files).map(([f, text]) => [f, Buffer.byteLength(text)])),
        };
      });
    },
    // Also the aws process's flush call, where there is no board.
    board: () => ({ labels: github?.gh.labels.size ?? 0, issues: github?.gh.issues.length ?? 0 }),
    resetBoard: () => github!.resetBoard(),
    rawMessages: () => [...sesProxy!.rawMessages],
    clearRawMessages: () => void (sesProxy!.rawMessages.length = 0),
    async stop() {
      await stopAll();
    },
  };
  process.on("message", async (m: { id: number; call: keyof Calls; args: unknown[] }) => {
    try {
      const value = await (calls[m.call] as (...a: unknown[]) => unknown)(...m.args);
      send({ id: m.id, ok: true, value });
    } catch (e) {
      send({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  process.on("disconnect", () => void stopAll().finally(() => process.exit(0)));
}

if (process.argv.includes("--child") && process.send) await serve();
