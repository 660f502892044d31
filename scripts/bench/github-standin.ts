/**
 * The loopback GitHub API stand-in: a real node:http server answering REST and GraphQL with bodies shaped like GitHub's.
 * It serves the msw handlers of test/github/fake-github.ts (through msw's getResponse, no interception) plus the REST
 * endpoints only the naive baseline uses (list commits, get a commit, repository, pulls, contents). Each request waits
 * `latencyMs` before it is answered and is counted by operation (GraphQL operation name or REST route).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, HttpResponse, http as mswHttp, type RequestHandler } from "msw";
import { API, type FakeCommit, FakeGitHub, type FakeRepo } from "../dev/fake-github.js";
import { type CountSink, sleep } from "./counter.js";

export interface GitHubStandIn {
  url: string;
  gh: FakeGitHub;
  /** Arrival time (performance.now()) and operation of every request, for finding where a run waits. */
  trace: { t: number; op: string }[];
  /** Forgets issues, labels, project items and status updates (a fresh board for the next run); repositories stay. */
  resetBoard(): void;
  stop(): Promise<void>;
}

const WEB = "https://github.test";

function restCommit(key: string, c: FakeCommit, withStats: boolean): Record<string, unknown> {
  const person = { name: c.author, email: `${c.author.toLowerCase().replace(/\s+/g, ".")}@example.com`, date: c.committedDate };
  return {
    sha: c.oid,
    node_id: `C_kwDOFake${c.oid.slice(0, 8)}`,
    url: `${API}/repos/${key}/commits/${c.oid}`,
    html_url: `${WEB}/${key}/commit/${c.oid}`,
    commit: {
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.oid.slice(0, 40), url: `${API}/repos/${key}/git/trees/${c.oid}` },
      comment_count: 0,
    },
    author: null,
    committer: null,
    parents: Array.from({ length: c.parents ?? 1 }, (_, i) => ({
      sha: `${c.oid.slice(0, 39)}${i}`,
      url: `${API}/repos/${key}/commits/${c.oid.slice(0, 39)}${i}`,
    })),
    ...(withStats ? { stats: { additions: c.additions, deletions: c.deletions, total: c.additions + c.deletions }, files: [] } : {}),
  };
}

/** REST endpoints the naive baseline reads and the fake does not serve. */
function baselineHandlers(gh: FakeGitHub): RequestHandler[] {
  const repoOf = (p: Record<string, unknown>): [string, FakeRepo | undefined] => {
    const key = `${p.owner}/${p.repo}`;
    return [key, gh.repos.get(key)];
  };
  const notFound = () =>
    HttpResponse.json({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" }, { status: 404 });
  return [
    mswHttp.get(`${API}/repos/:owner/:repo/commits`, ({ request, params }) => {
      const [key, repo] = repoOf(params);
      if (!repo) return notFound();
      const url = new URL(request.url);
      const since = Date.parse(url.searchParams.get("since") ?? "1970-01-01T00:00:00Z");
      const until = Date.parse(url.searchParams.get("until") ?? "2999-01-01T00:00:00Z");
      const list = repo.commits
        .filter((c) => Date.parse(c.committedDate) >= since && Date.parse(c.committedDate) <= until)
        .sort((a, b) => b.committedDate.localeCompare(a.committedDate));
      return gh.page(
        url,
        list.map((c) => restCommit(key, c, false)),
      );
    }),
    mswHttp.get(`${API}/repos/:owner/:repo/commits/:sha`, ({ params }) => {
      const [key, repo] = repoOf(params);
      const c = repo?.commits.find((x) => x.oid === params.sha);
      return c ? HttpResponse.json(restCommit(key, c, true)) : notFound();
    }),
    mswHttp.get(`${API}/repos/:owner/:repo/pulls`, ({ request, params }) => {
      const [key, repo] = repoOf(params);
      if (!repo) return notFound();
      return gh.page(
        new URL(request.url),
        Array.from({ length: repo.openPullRequests ?? 0 }, (_, i) => ({
          number: 1000 + i,
          state: "open",
          title: `PR ${i}`,
          html_url: `${WEB}/${key}/pull/${1000 + i}`,
        })),
      );
    }),
    mswHttp.get(`${API}/repos/:owner/:repo/branches/:branch`, ({ params }) => {
      const [key, repo] = repoOf(params);
      if (!repo) return notFound();
      return HttpResponse.json({
        name: params.branch,
        commit: { sha: repo.commits[0]?.oid ?? "0".repeat(40), commit: { tree: { sha: "1".repeat(40) } } },
        protected: false,
        _links: { html: `${WEB}/${key}/tree/${params.branch}` },
      });
    }),
    mswHttp.get(`${API}/repos/:owner/:repo/contents/*`, ({ request, params }) => {
      const [key, repo] = repoOf(params);
      const file = decodeURIComponent(new URL(request.url).pathname.split("/contents/")[1] ?? "");
      const text = repo?.files[file];
      if (text === undefined) return notFound();
      return HttpResponse.json({
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(text),
        name: file.split("/").pop(),
        path: file,
        content: Buffer.from(text).toString("base64"),
        sha: "0".repeat(40),
        url: `${API}/repos/${key}/contents/${file}`,
      });
    }),
    mswHttp.get(`${API}/repos/:owner/:repo`, ({ params }) => {
      const [key, repo] = repoOf(params);
      if (!repo) return notFound();
      return HttpResponse.json({
        id: 1,
        node_id: "R_kgDOFake",
        name: params.repo,
        full_name: key,
        private: true,
        html_url: `${WEB}/${key}`,
        default_branch: "main",
        open_issues_count: (repo.openIssues ?? 0) + (repo.openPullRequests ?? 0),
      });
    }),
  ];
}

/** The operation a request counts as: the GraphQL operation (mutations marked) or the REST route. */
function opName(method: string, pathname: string, body: string): string {
  if (pathname === "/graphql") {
    const m = /^\s*(query|mutation)\s+(\w+)/.exec((JSON.parse(body || "{}") as { query?: string }).query ?? "");
    return m ? `graphql ${m[1] === "mutation" ? "mutation " : ""}${m[2]}` : "graphql";
  }
  const route = pathname
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{o}/{r}")
    .replace(/\/commits\/[0-9a-f]{40}$/, "/commits/{sha}")
    .replace(/\/issues\/\d+/, "/issues/{n}")
    .replace(/\/git\/trees\/.+$/, "/git/trees/{sha}")
    .replace(/\/contents\/.+$/, "/contents/{path}")
    .replace(/\/branches\/.+$/, "/branches/{b}");
  return `${method} ${route}`;
}

/** Starts the stand-in on a free loopback port. */
export async function startGitHubStandIn(latencyMs: () => number, counter: CountSink, boardRepo = "bench-org/ops"): Promise<GitHubStandIn> {
  const gh = new FakeGitHub(boardRepo);
  const handlers = [...(gh.server.listHandlers() as RequestHandler[]), ...baselineHandlers(gh)];
  let base = "";
  const trace: { t: number; op: string }[] = [];
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", API);
      const op = opName(req.method ?? "GET", url.pathname, body);
      counter.add("github", op);
      trace.push({ t: performance.now(), op });
      // The answer is computed while the latency runs, so the stand-in's own work is hidden inside the simulated round trip.
      const wait = sleep(latencyMs());
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, { method: req.method, headers, ...(req.method === "GET" || req.method === "HEAD" ? {} : { body }) });
      const answer =
        (await getResponse(handlers, request)) ??
        HttpResponse.json({ message: `stand-in: no handler for ${req.method} ${url.pathname}` }, { status: 404 });
      await wait;
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => (out[k] = k === "link" ? v.split(API).join(base) : v));
      const payload = Buffer.from(await answer.arrayBuffer());
      out["content-length"] = String(payload.length);
      res.writeHead(answer.status, out);
      res.end(payload);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `stand-in error: ${e instanceof Error ? e.message : String(e)}` }));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    gh,
    trace,
    resetBoard() {
      gh.issues = [];
      gh.labels.clear();
      gh.project?.items.clear();
      if (gh.project) gh.project.statusUpdates = [];
      gh.log = [];
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
