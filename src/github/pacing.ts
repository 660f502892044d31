/**
 * GitHub's request rules as one Octokit plugin (a `request` hook): at most `maxConcurrent` requests in flight, writes one
 * at a time with GitHub's spacing, and one retry layer that waits out rate limits and retries server errors only where a
 * retry cannot do a thing twice.
 *
 * It replaces @octokit/plugin-throttling and @octokit/plugin-retry. Those schedule every request through Bottleneck,
 * whose zero-delay timers cost about 20 ms a request (scripts/bench/client-overhead.ts), and plugin-retry repeats any
 * request answered with a 5xx, an issue creation included: GitHub can create the issue and still answer 502, and the
 * retry files it twice. The rules kept from them, with GitHub's documentation:
 * - "Make requests for a single user or client ID serially" and "wait at least one second between each" write
 *   (POST, PATCH, PUT, DELETE, GraphQL mutations); GraphQL queries are reads;
 * - a secondary rate limit (403 or 429) waits `retry-after` seconds, or a minute without one;
 * - a primary one (`x-ratelimit-remaining: 0`, or GraphQL's RATE_LIMITED) waits until `x-ratelimit-reset`;
 * - 5xx, 408 and GraphQL's "Something went wrong while executing your query" are retried with (n + 1)² backoff for
 *   reads and idempotent writes (PUT, PATCH, DELETE, or a request sent with `request: { idempotent: true }`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Octokit } from "@octokit/rest";
import pLimit from "p-limit";
import type { Logger } from "../shared/logger.js";

export interface PacingOptions {
  log: Logger;
  /** Milliseconds between the starts of two writes; GitHub asks for ≥ 1 s. */
  writeSpacingMs: number;
  /** Milliseconds per second of `retry-after` and of backoff; 1000 in production, tiny in tests. */
  retryBaseMs: number;
  /** Retries of a server error. */
  retries: number;
  /** Longest wait for a primary rate-limit reset, in seconds; a longer one fails at once. */
  maxRateLimitWaitS: number;
  /** Requests in flight at once (READ_CONCURRENCY). */
  maxConcurrent?: number;
  /** Retries of a secondary and of a primary rate limit. */
  secondaryRetries?: number;
  primaryRetries?: number;
  /** Seconds to wait on a secondary rate limit that names no `retry-after`. */
  fallbackSecondaryS?: number;
  /** The clock for `x-ratelimit-reset`; tests fix it. */
  now?: () => number;
}

/** Requests one client keeps in flight: plugin-throttling's default, far below GitHub's 100 concurrent. */
export const READ_CONCURRENCY = 10;

type RequestOptions = {
  method: string;
  url: string;
  query?: unknown;
  request?: { idempotent?: boolean };
} & Record<string, unknown>;
type Response = { status: number; headers: Record<string, string | undefined>; data: unknown };
type HookError = Error & { status?: number; response?: Response };

/** What a failed attempt asks for: wait this long and try again, or give up with the error. */
type Verdict = { retryAfterS: number; kind: "secondary" | "primary" | "server" } | undefined;

const GRAPHQL_INTERNAL = /Something went wrong while executing your query/;

function pathOf(url: string): string {
  return new URL(url, "http://github.invalid").pathname;
}

function isGraphqlMutation(o: RequestOptions): boolean {
  return typeof o.query === "string" && /^\s*(?:#[^\n]*\n\s*)*mutation\b/.test(o.query);
}

/** A write by GitHub's rule: anything but GET/HEAD, except a GraphQL query, which only reads. */
export function isWrite(o: RequestOptions): boolean {
  if (o.method === "GET" || o.method === "HEAD") return false;
  return pathOf(o.url).startsWith("/graphql") ? isGraphqlMutation(o) : true;
}

function isIdempotent(o: RequestOptions): boolean {
  return !isWrite(o) || ["PUT", "PATCH", "DELETE"].includes(o.method) || o.request?.idempotent === true;
}

function graphqlErrors(data: unknown): { type?: string; message?: string }[] {
  const e = data && typeof data === "object" ? (data as { errors?: unknown }).errors : undefined;
  return Array.isArray(e) ? e : [];
}

/** A 200 answer that is really a failure: GraphQL's rate limit or its internal error. */
function failedGraphql(res: Response): HookError | undefined {
  const errors = graphqlErrors(res.data);
  if (errors.some((e) => e.type === "RATE_LIMITED"))
    return Object.assign(new Error("GraphQL rate limit exceeded"), { status: 200, response: res });
  if (errors[0]?.message && GRAPHQL_INTERNAL.test(errors[0].message))
    return Object.assign(new Error(errors[0].message), { status: 500, response: res });
  return undefined;
}

type Send = (options: never) => unknown;

/** Requests whose answer this hook parses (it asked Octokit for the raw body). */
const parsedHere = new WeakSet<object>();

/**
 * Sends one request and parses a JSON answer with JSON.parse. Octokit parses with json-with-bigint, which keeps
 * integers past 2^53 exact and is 15× slower (20.6 ms against 1.4 ms for a 280 KB history page); GitHub's numbers
 * that we read (issue numbers, sizes, counts) are far below 2^53, and ids we keep are GraphQL node ids (strings).
 */
async function send(request: Send, raw: unknown): Promise<unknown> {
  const o = raw as RequestOptions & { request?: { parseSuccessResponseBody?: boolean } };
  // A caller that asked for the raw stream gets it; a retry of ours is parsed again.
  if (o.request?.parseSuccessResponseBody === false && !parsedHere.has(o)) return request(raw as never);
  // In place: Octokit's hooks (before-after-hook) hand every wrapper the options object they were called with, so a
  // copy passed on would be ignored. The object is this request's own (endpoint.merge makes one per call).
  parsedHere.add(o);
  o.request = { ...o.request, parseSuccessResponseBody: false };
  const res = (await request(raw as never)) as Response & { data: unknown };
  const body = res.data as ReadableStream<Uint8Array> | null | undefined;
  if (!body || typeof (body as ReadableStream).getReader !== "function") return res;
  const type = String(res.headers["content-type"] ?? "");
  const answer = new globalThis.Response(body);
  if (/^application\/(?:scim\+)?json\b/i.test(type)) {
    const text = await answer.text();
    try {
      res.data = JSON.parse(text);
    } catch {
      res.data = text;
    }
  } else if (type === "" || /^text\//i.test(type) || (/charset=utf-8/i.test(type) && !/octet-stream/i.test(type)))
    res.data = await answer.text();
  else res.data = await answer.arrayBuffer();
  return res;
}

/** Installs the rules on one client; each client has its own queue, so tests running many clients do not wait on each other. */
export function pacing(octokit: Pick<Octokit, "hook">, octokitOptions: { [option: string]: unknown }): void {
  const o = octokitOptions.pacing as PacingOptions | undefined;
  if (!o) return;
  const now = o.now ?? Date.now;
  const slots = pLimit(o.maxConcurrent ?? READ_CONCURRENCY);
  let writes: Promise<void> = Promise.resolve();
  let lastWriteStart = Number.NEGATIVE_INFINITY;

  /** Waits for this write's turn and spacing; returns the release to call when it is answered. */
  const writeTurn = async (): Promise<() => void> => {
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const before = writes;
    writes = before.then(() => mine);
    await before;
    const wait = lastWriteStart + o.writeSpacingMs - performance.now();
    if (wait > 0) await sleep(wait);
    lastWriteStart = performance.now();
    return release;
  };

  const verdict = (e: HookError, options: RequestOptions, tries: { secondary: number; primary: number; server: number }): Verdict => {
    const status = e.status;
    const res = e.response;
    const headers = res?.headers ?? {};
    const where = `${options.method} ${options.url}`;
    // A secondary limit, or a bare 429: `retry-after` seconds, a minute without one.
    const secondary = (what: string): Verdict => {
      const after = Number(headers["retry-after"]) || (o.fallbackSecondaryS ?? 60);
      if (tries.secondary >= (o.secondaryRetries ?? 3)) return undefined;
      o.log.warn(`${what} ${where}; retrying in ${after}s`);
      return { retryAfterS: after, kind: "secondary" };
    };
    if ((status === 403 || status === 429) && /\bsecondary rate\b/i.test(e.message)) return secondary("GitHub secondary rate limit on");
    const primary = headers["x-ratelimit-remaining"] === "0" || graphqlErrors(res?.data).some((x) => x.type === "RATE_LIMITED");
    if (primary && (status === 403 || status === 429 || status === 200)) {
      // One second past the reset (GitHub's advice); a minute when the answer names no reset.
      const reset = Number(headers["x-ratelimit-reset"]);
      const after =
        Number.isFinite(reset) && reset > 0 ? Math.max(Math.ceil((reset * 1000 - now()) / 1000) + 1, 0) : (o.fallbackSecondaryS ?? 60);
      if (tries.primary >= (o.primaryRetries ?? 2) || after > o.maxRateLimitWaitS) {
        o.log.warn(`GitHub rate limit exhausted for ${where}; resets in ${after}s — not waiting`);
        return undefined;
      }
      o.log.warn(`GitHub rate limit exhausted for ${where}; retrying in ${after}s`);
      return { retryAfterS: after, kind: "primary" };
    }
    if (status === 429) return secondary("GitHub answered 429 on");
    const server = status !== undefined && (status >= 500 || status === 408);
    if (server && isIdempotent(options) && tries.server < o.retries) {
      o.log.debug(`GitHub HTTP ${status} on ${where}; retry ${tries.server + 1} of ${o.retries}`);
      return { retryAfterS: (tries.server + 1) ** 2, kind: "server" };
    }
    return undefined;
  };

  octokit.hook.wrap("request", async (request, raw) => {
    const options = raw as unknown as RequestOptions;
    const graphql = pathOf(options.url).startsWith("/graphql");
    const tries = { secondary: 0, primary: 0, server: 0 };
    // A write keeps its turn through its retries: the writes behind it wait out the same rate limit.
    const release = isWrite(options) ? await writeTurn() : undefined;
    try {
      for (;;) {
        let v: Verdict;
        try {
          const res = (await slots(() => send(request, raw))) as unknown as Response;
          const failed = graphql ? failedGraphql(res) : undefined;
          v = failed && verdict(failed, options, tries);
          // Not retried: @octokit/graphql turns the answer into its own error, naming GitHub's messages.
          if (!v) return res as never;
        } catch (err) {
          v = verdict(err as HookError, options, tries);
          if (!v) throw err;
        }
        tries[v.kind]++;
        await sleep(v.retryAfterS * o.retryBaseMs);
        if (release) lastWriteStart = performance.now();
      }
    } finally {
      release?.();
    }
  });
}
