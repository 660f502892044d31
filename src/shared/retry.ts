/** Retry with capped exponential backoff and full jitter for AWS calls that fail transiently. */

export interface RetryOptions {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Which failures are worth another attempt; `isTransient` unless given (a send passes one that excludes `outcomeUnknown`). */
  retryable?: (e: unknown) => boolean;
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

/** Network failures that happen before a request can have left: nothing reached the service. */
const NEVER_LEFT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Failures after the request may have been written: the service may have acted on it. */
const MAY_HAVE_LEFT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);

/**
 * True when a call failed without a usable answer after its request may have reached the service (a timeout or
 * connection reset mid-request, an abort, a gateway timeout, or a success whose body was lost): the service may
 * have acted on it. A non-idempotent call (a send) must not be retried automatically then.
 * False for an answer the service gave (throttling, a rejection, 500/503) and for a connection never made.
 */
export function outcomeUnknown(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined) return (status >= 200 && status < 300) || status === 502 || status === 504;
  if (err.code && NEVER_LEFT_CODES.has(err.code)) return false;
  // @smithy/node-http-handler's connectionTimeout: no socket was ever connected.
  if (/did not establish a connection/i.test(err.message ?? "")) return false;
  if (err.code && MAY_HAVE_LEFT_CODES.has(err.code)) return true;
  return err.name === "TimeoutError" || err.name === "AbortError" || /socket hang up/i.test(err.message ?? "");
}

/** Runs `f`, retrying transient failures; rethrows the last error or the first permanent one. */
export async function withRetry<T>(f: () => Promise<T>, o: RetryOptions): Promise<T> {
  const wait = o.sleep ?? sleep;
  const rnd = o.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (attempt >= o.maxAttempts || !(o.retryable ?? isTransient)(e)) throw e;
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
