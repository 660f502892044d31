/**
 * The kill drill: a run SIGKILLed before its claims, after a claim, between two messages, or after a send and before
 * its record; then the next run, started at once, sends every report exactly once (file audit, and DynamoDB on
 * dynalite). Runs are real processes (drill-child.ts); the lease is 3 s here (EXEC_REPORTS_LEASE_MS), 45 s in use.
 */
import { execFile } from "node:child_process";
import { cp, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeCredentials, LOCAL_REGION, type LocalDynamo, startDynamo } from "../../scripts/dev/aws-local.js";
import { tempDir } from "../helpers/cli.js";
import { ROOT } from "../helpers/sample.js";
import type { DrillConfig, KillPoint } from "./drill-child.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, "../fixtures/corpus");
const LEASE_MS = 3000;
const ROLES = 5;
const PER_REPORT = 2;

let dynamo: LocalDynamo;
const creds = fakeCredentials();
beforeAll(async () => {
  dynamo = await startDynamo(creds);
});
afterAll(async () => {
  await dynamo?.stop();
});

function child(cfg: DrillConfig): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(HERE, "drill-child.ts"), JSON.stringify(cfg)],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", EXEC_REPORTS_LEASE_MS: String(LEASE_MS) }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? null) : 0,
          signal: (err as { signal?: string } | null)?.signal ?? null,
          stdout,
          stderr,
          ms: Math.round(performance.now() - t0),
        }),
    );
  });
}

/** Every message sent, as "reportId recipient" lines. */
async function sent(log: string): Promise<string[]> {
  return (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean);
}

/** As a run on another runner leaves them: claims whose holder this machine cannot check, so only the lease tells. */
async function foreignHolders(table: string): Promise<number> {
  const items = (await dynamo.client.send(new ScanCommand({ TableName: table }))).Items ?? [];
  let n = 0;
  for (const i of items.map((x) => unmarshall(x))) {
    if (i.sk !== "STATUS" || i.status !== "sending") continue;
    n++;
    await dynamo.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall({ pk: i.pk, sk: i.sk }),
        UpdateExpression: "SET holder = :h",
        ExpressionAttributeValues: marshall({ ":h": { host: "another-runner", pid: 1 } }),
      }),
    );
  }
  return n;
}

const POINTS: KillPoint[] = ["before-claim", "after-claim", "between-messages", "after-send"];
const timings: string[] = [];

describe.each(["file", "dynamodb"] as const)("kill drill, %s audit", (kind) => {
  it.each(POINTS)(
    "killed %s: the next run, started at once, sends every report exactly once",
    async (point) => {
      const root = await tempDir("exec-kill-");
      const dataDir = path.join(root, "data");
      await cp(FIXTURE, dataDir, { recursive: true });
      // Two recipients a report, so a send is two messages and can be cut between them.
      const p = path.join(dataDir, "audiences.yaml");
      await import("node:fs/promises").then(async (fs) =>
        fs.writeFile(p, (await fs.readFile(p, "utf8")).replaceAll("bcc: []", "bcc: [board@example.com]")),
      );
      const table = `drill-${point}`;
      if (kind === "dynamodb") await dynamo.createTable(table);
      const cfg: DrillConfig = {
        dataDir,
        outDir: path.join(root, "out"),
        sentLog: path.join(root, "sent.log"),
        ...(kind === "dynamodb" ? { dynamo: { endpoint: dynamo.endpoint, table, region: LOCAL_REGION, credentials: creds } } : {}),
      };
      const killed = await child({ ...cfg, kill: point });
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      const before = await sent(cfg.sentLog);
      if (kind === "dynamodb") await foreignHolders(table);

      const next = await child(cfg);
      expect(next.code, next.stderr + next.stdout).toBe(0);
      const all = await sent(cfg.sentLog);
      expect(all.length, all.join("\n")).toBe(ROLES * PER_REPORT);
      expect(new Set(all).size).toBe(all.length);
      timings.push(`${kind} ${point}: ${before.length} message(s) before the kill; next run ${next.ms} ms`);

      // Every claim is settled as sent, so a later run sends nothing more.
      expect(JSON.parse(next.stdout.trim().split("\n").at(-1)!).map((r: string[]) => r[1])).toEqual(Array(ROLES).fill("sent"));
      const statuses =
        kind === "file"
          ? await Promise.all(
              (await readdir(path.join(cfg.outDir, ".claims"))).map(
                async (f) => JSON.parse(await readFile(path.join(cfg.outDir, ".claims", f), "utf8")).status,
              ),
            )
          : ((await dynamo.client.send(new ScanCommand({ TableName: table }))).Items ?? [])
              .map((i) => unmarshall(i))
              .filter((i) => i.sk === "STATUS")
              .map((i) => i.status);
      expect(statuses).toEqual(Array(ROLES).fill("sent"));
    },
    120_000,
  );
});

afterAll(() => {
  if (timings.length) process.stdout.write(`kill drill (lease ${LEASE_MS} ms):\n  ${timings.join("\n  ")}\n`);
});
