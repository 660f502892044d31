/** Retry with capped exponential backoff and full jitter for AWS calls that fail transiently. */

export interface RetryOptions {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, so every retry is logged. */
  onRetry?: (info: { attempt: number; maxAttempts: number; delayMs: number; error: unknown }) => void;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Error names AWS uses for throttling and transient server trouble. */
const TRANSIENT_NAMES = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
  "InternalServerError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND"]);

/** True for throttling, 5xx and network errors; false for everything a retry cannot fix. */
export function isTransient(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  // SES answers "Throttling" both for the per-second rate and the daily quota; only the first passes with time.
  if (/daily message quota exceeded/i.test(err.message ?? "")) return false;
  if (err.name && TRANSIENT_NAMES.has(err.name)) return true;
  if (err.code && NETWORK_CODES.has(err.code)) return true;
  if (err.$retryable) return true;
  const status = err.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Runs `f`, retrying transient failures; rethrows the last error or the first permanent one. */
export async function withRetry<T>(f: () => Promise<T>, o: RetryOptions): Promise<T> {
  const wait = o.sleep ?? sleep;
  const rnd = o.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (attempt >= o.maxAttempts || !isTransient(e)) throw e;
      const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(cap / 2 + (rnd() * cap) / 2);
      o.onRetry?.({ attempt, maxAttempts: o.maxAttempts, delayMs, error: e });
      await wait(delayMs);
    }
  }
}

/** "Name: message" for logs and audit records. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== "Error" && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}
