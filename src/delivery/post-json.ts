/** One JSON POST with a timeout and a few retries, for the notifiers; errors never carry the URL, which is a secret. */
import type { Logger } from "../shared/logger.js";
import { sleep as realSleep } from "../shared/retry.js";

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; text(): Promise<string> }>;

export interface PostOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Attempts in all, the first included (default 3). */
  attempts?: number;
  /** First backoff; doubles each retry (default 1000 ms). */
  retryBaseMs?: number;
  /** A Retry-After longer than this is not waited for (default 30 s): the post fails instead. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Each retry is logged here, with the reason (never the URL). */
  log?: Logger;
}

/** A failure a later attempt may not see: network trouble, a timeout, 429 or 5xx. */
class PostFailure extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

async function postOnce(what: string, url: string, body: string, o: PostOptions): Promise<void> {
  const doFetch: FetchLike = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const timeoutMs = o.timeoutMs ?? 10_000;
  let res;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "user-agent": "exec-reports" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    // fetch's own message is generic; the cause holds the useful code (ECONNREFUSED, timeout) without the path.
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new PostFailure(`${what}: post failed (${why})`, true);
  }
  if (res.ok) return;
  const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
  // Retry-After in seconds (Slack, GitHub); an HTTP date or anything else falls back to the backoff.
  const header = res.headers?.get("retry-after")?.trim() ?? "";
  const retryAfterMs = /^\d+$/.test(header) ? Number(header) * 1000 : undefined;
  throw new PostFailure(
    `${what}: HTTP ${res.status}${text ? ` (${text})` : ""}`,
    res.status === 429 || res.status === 408 || res.status >= 500,
    retryAfterMs,
  );
}

/**
 * POSTs a JSON body. Network errors, timeouts, 408, 429 (after its Retry-After) and 5xx are retried with
 * exponential backoff; other answers (e.g. Slack's 400 invalid_payload, 404 no_service) fail at once.
 * Throws an Error naming `what` and the HTTP status or network cause, never the URL.
 */
export async function postJson(what: string, url: string, body: unknown, o: PostOptions = {}): Promise<void> {
  const attempts = o.attempts ?? 3;
  const base = o.retryBaseMs ?? 1000;
  const maxRetryAfter = o.maxRetryAfterMs ?? 30_000;
  const text = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(what, url, text, o);
    } catch (e) {
      const f = e as PostFailure;
      if (!f.transient || attempt >= attempts) throw new Error(attempt > 1 ? `${f.message} after ${attempt} attempts` : f.message);
      if (f.retryAfterMs !== undefined && f.retryAfterMs > maxRetryAfter)
        throw new Error(`${f.message}; asked to retry after ${Math.round(f.retryAfterMs / 1000)} s, longer than ${maxRetryAfter / 1000} s`);
      const delay = f.retryAfterMs ?? base * 2 ** (attempt - 1);
      o.log?.warn(`${f.message}; retry ${attempt} of ${attempts - 1} in ${delay} ms`);
      await (o.sleep ?? realSleep)(delay);
    }
  }
}
