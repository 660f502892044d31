/**
 * The GitHub client's own request rules (src/github/pacing.ts) against a loopback HTTP server: write spacing and
 * order, the read cap, rate limits, and which server errors are retried.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { fakeToken } from "./helpers.js";

interface Seen {
  method: string;
  path: string;
  op: string;
  start: number;
  end: number;
}
type Answer = { status: number; headers?: Record<string, string>; body: unknown; delayMs?: number };

let server: http.Server;
let baseUrl = "";
let seen: Seen[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** Answers queued per operation ("POST /graphql#CreateCard", "GET /repos/o/r"); the last one repeats. */
let script = new Map<string, Answer[]>();

const ok = (body: unknown, delayMs = 0): Answer => ({ status: 200, body, delayMs });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      const body = raw ? (JSON.parse(raw) as { query?: string }) : {};
      const op =
        req.url === "/graphql"
          ? `POST /graphql#${/(?:query|mutation)\s+(\w+)/.exec(body.query ?? "")?.[1] ?? "?"}`
          : `${req.method} ${req.url}`;
      const entry: Seen = { method: req.method!, path: req.url!, op, start: performance.now(), end: 0 };
      seen.push(entry);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const queue = script.get(op) ?? [ok({ ok: true }, 20)];
      const a = queue.length > 1 ? queue.shift()! : queue[0]!;
      setTimeout(() => {
        inFlight--;
        entry.end = performance.now();
        res.writeHead(a.status, { "content-type": "application/json; charset=utf-8", ...a.headers });
        res.end(JSON.stringify(a.body));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  seen = [];
  inFlight = 0;
  maxInFlight = 0;
  script = new Map();
});

const client = (o: { spacing?: number; log?: ReturnType<typeof memoryLogger>; maxWait?: number } = {}) =>
  createGitHubClient({
    token: fakeToken(),
    baseUrl,
    log: o.log ?? memoryLogger(),
    writeSpacingMs: o.spacing ?? 0,
    retryBaseMs: 1,
    ...(o.maxWait !== undefined ? { maxRateLimitWaitS: o.maxWait } : {}),
  });

const CREATE = "mutation CreateCard($input: CreateIssueInput!) { createIssue(input: $input) { issue { id } } }";
const HISTORY = "query RepoHistory { viewer { login } }";
const SET = "mutation SetStatuses { a: updateProjectV2ItemFieldValue(input: {}) { clientMutationId } }";

describe("the GitHub client's request rules", () => {
  it("sends writes one at a time, spaced from the start of the last; GraphQL queries are reads", async () => {
    const c = client({ spacing: 300 });
    // A warm connection, so arrival times measure the client's spacing rather than the first connection's set-up.
    await Promise.all([
      ...[1, 2, 3, 4].map((i) => c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: `warm${i}` })),
      c.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "r", name: "warm" }),
      c.graphql(CREATE, { input: {} }),
    ]);
    await new Promise((r) => setTimeout(r, 80));
    seen = [];
    await Promise.all([
      c.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "r", name: "a" }),
      c.graphql(CREATE, { input: {} }),
      c.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1, title: "t" }),
      c.graphql(HISTORY),
      c.graphql(HISTORY),
    ]);
    const writes = seen.filter((s) => !s.op.includes("RepoHistory"));
    expect(writes.map((w) => w.op)).toEqual(["POST /repos/o/r/labels", "POST /graphql#CreateCard", "PATCH /repos/o/r/issues/1"]);
    for (let i = 1; i < writes.length; i++) {
      // Serial: each write starts after the one before was answered, and 300 ms after it started on the client
      // (arrivals jitter, more on a loaded machine; without spacing they would be ~20 ms apart, the answer time).
      expect(writes[i]!.start).toBeGreaterThanOrEqual(writes[i - 1]!.end - 1);
      expect(writes[i]!.start - writes[i - 1]!.start).toBeGreaterThanOrEqual(200);
    }
    // The two queries went out together, while the first write was still being answered.
    const reads = seen.filter((s) => s.op.includes("RepoHistory"));
    expect(reads).toHaveLength(2);
    expect(Math.abs(reads[0]!.start - reads[1]!.start)).toBeLessThan(150);
    expect(reads[1]!.start).toBeLessThan(writes[1]!.start);
  });

  it("keeps at most 10 requests in flight", async () => {
    const c = client();
    // Slow answers, so the first ten are still in flight when the rest are asked for, even on a loaded machine.
    for (let i = 0; i < 25; i++) script.set(`GET /repos/o/r${i}`, [ok({ name: `r${i}` }, 300)]);
    await Promise.all(Array.from({ length: 25 }, (_, i) => c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: `r${i}` })));
    expect(seen).toHaveLength(25);
    expect(maxInFlight).toBe(10);
  });

  it("waits out a secondary rate limit (retry-after) on a write and keeps the writes behind it waiting", async () => {
    const log = memoryLogger();
    script.set("POST /graphql#CreateCard", [
      { status: 403, headers: { "retry-after": "30" }, body: { message: "You have exceeded a secondary rate limit" } },
      ok({ data: { createIssue: { issue: { id: "I_1" } } } }),
    ]);
    const c = client({ log });
    const [card] = await Promise.all([
      c.graphql(CREATE, { input: {} }),
      c.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "r", name: "x" }),
    ]);
    expect(card).toEqual({ createIssue: { issue: { id: "I_1" } } });
    expect(seen.map((s) => s.op)).toEqual(["POST /graphql#CreateCard", "POST /graphql#CreateCard", "POST /repos/o/r/labels"]);
    // retry-after 30 s at 1 ms a second in tests.
    expect(seen[1]!.start - seen[0]!.end).toBeGreaterThanOrEqual(29);
    expect(log.lines).toEqual(["warning: GitHub secondary rate limit on POST /graphql; retrying in 30s"]);
  });

  it("gives up on a secondary rate limit after 3 retries, with GitHub's message", async () => {
    script.set("GET /repos/o/r", [{ status: 403, headers: { "retry-after": "1" }, body: { message: "secondary rate limit" } }]);
    await expect(client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 403 });
    expect(seen).toHaveLength(4);
  });

  it("waits for a primary rate limit's reset when it is near, and fails at once when it is past the longest wait", async () => {
    const soon = String(Math.floor(Date.now() / 1000));
    script.set("GET /repos/o/near", [
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": soon }, body: { message: "API rate limit exceeded" } },
      ok({ name: "near" }),
    ]);
    const log = memoryLogger();
    expect((await client({ log }).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "near" })).data).toEqual({ name: "near" });
    expect(log.lines[0]).toMatch(/^warning: GitHub rate limit exhausted for GET \/repos\/\{owner\}\/\{repo\}; retrying in [01]s$/);

    const late = String(Math.floor(Date.now() / 1000) + 3600);
    script.set("GET /repos/o/far", [
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": late }, body: { message: "API rate limit exceeded" } },
    ]);
    const log2 = memoryLogger();
    await expect(
      client({ log: log2, maxWait: 900 }).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "far" }),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect(seen.filter((s) => s.path === "/repos/o/far")).toHaveLength(1);
    expect(log2.lines[0]).toMatch(/resets in 360\ds — not waiting$/);
  });

  it("retries GraphQL's RATE_LIMITED answer (HTTP 200)", async () => {
    script.set("POST /graphql#RepoHistory", [
      {
        status: 200,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)) },
        body: { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] },
      },
      ok({ data: { viewer: { login: "x" } } }),
    ]);
    expect(await client().graphql(HISTORY)).toEqual({ viewer: { login: "x" } });
    expect(seen).toHaveLength(2);

    // Without a reset header: a minute (1 ms a second here), never "NaN s".
    seen = [];
    const log = memoryLogger();
    script.set("POST /graphql#RepoHistory", [
      ok({ errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }),
      ok({ data: { viewer: { login: "y" } } }),
    ]);
    expect(await client({ log }).graphql(HISTORY)).toEqual({ viewer: { login: "y" } });
    expect(log.lines).toEqual(["warning: GitHub rate limit exhausted for POST /graphql; retrying in 60s"]);
    expect(seen[1]!.start - seen[0]!.end).toBeGreaterThanOrEqual(59);
  });

  it("retries a server error on a read and on an idempotent write, never on an issue creation whose outcome is unknown", async () => {
    const bad: Answer = { status: 502, body: { message: "Server Error" } };
    script.set("GET /repos/o/r", [bad, bad, ok({ name: "r" })]);
    expect((await client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).data).toEqual({ name: "r" });
    expect(seen).toHaveLength(3);

    seen = [];
    script.set("PATCH /repos/o/r/issues/1", [bad, ok({ number: 1 })]);
    await client().request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1, title: "t" });
    expect(seen).toHaveLength(2);

    seen = [];
    script.set("POST /graphql#SetStatuses", [bad, ok({ data: { a: { clientMutationId: null } } })]);
    await client().graphql(SET, { request: { idempotent: true } });
    expect(seen).toHaveLength(2);

    // GitHub may have created the issue before the 502: a retry could file it twice. The next run's listing finds it.
    seen = [];
    script.set("POST /graphql#CreateCard", [bad]);
    await expect(client().graphql(CREATE, { input: {} })).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(1);

    seen = [];
    script.set("GET /repos/o/down", [bad]);
    await expect(client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "down" })).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(4); // first try + 3 retries
  });

  it("retries GraphQL's internal error on a query, and hands it back on a mutation as GitHub's own message", async () => {
    const internal = ok({ errors: [{ message: "Something went wrong while executing your query. Please try again later." }] });
    script.set("POST /graphql#RepoHistory", [internal, ok({ data: { viewer: { login: "x" } } })]);
    expect(await client().graphql(HISTORY)).toEqual({ viewer: { login: "x" } });
    expect(seen).toHaveLength(2);

    seen = [];
    script.set("POST /graphql#CreateCard", [internal]);
    await expect(client().graphql(CREATE, { input: {} })).rejects.toMatchObject({ name: "GraphqlResponseError" });
    expect(seen).toHaveLength(1);
  });

  it("parses JSON answers with JSON.parse (not Octokit's bigint parser), and hands back other content types as text", async () => {
    script.set("GET /repos/o/big", [ok({ count: 2 ** 53 + 2 })]);
    expect((await client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "big" })).data).toEqual({ count: 2 ** 53 + 2 });
    script.set("GET /repos/o/r", [ok({ id: 123456789, name: "r", nested: { list: [1, "two", null] } })]);
    expect((await client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).data).toEqual({
      id: 123456789,
      name: "r",
      nested: { list: [1, "two", null] },
    });
    script.set("GET /repos/o/r/readme", [{ status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "hello" }]);
    expect((await client().request("GET /repos/{owner}/{repo}/readme", { owner: "o", repo: "r" })).data).toBe('"hello"');
  });
});
