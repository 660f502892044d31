/** Which failures a send may retry: answers that say nothing was taken, and connections never made. */
import { describe, expect, it } from "vitest";
import { isTransient, outcomeUnknown, withRetry } from "../../src/shared/retry.js";

const err = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const answered = (name: string, status: number) => err(name, { $metadata: { httpStatusCode: status } });

describe("outcomeUnknown", () => {
  it.each([
    ["a request timeout (ETIMEDOUT)", err("TimeoutError", { code: "ETIMEDOUT" })],
    ["a socket idle timeout", err("TimeoutError")],
    ["a connection reset", err("Error", { code: "ECONNRESET" })],
    ["a broken pipe", err("Error", { code: "EPIPE" })],
    ["an abort", err("AbortError")],
    ["a gateway timeout", answered("Unknown", 504)],
    ["a bad gateway", answered("Unknown", 502)],
    ["a 200 whose body was lost", answered("Error", 200)],
  ])("%s: unknown", (_, e) => expect(outcomeUnknown(e)).toBe(true));

  it.each([
    ["Throttling", answered("Throttling", 400)],
    ["a 500 InternalFailure", answered("InternalFailure", 500)],
    ["a 503", answered("ServiceUnavailable", 503)],
    ["a rejection", answered("MessageRejected", 400)],
    ["connection refused", err("Error", { code: "ECONNREFUSED" })],
    ["DNS failure", err("Error", { code: "ENOTFOUND" })],
    [
      "a connection timeout",
      err("TimeoutError", { message: "the request socket did not establish a connection with the server within the configured timeout" }),
    ],
    ["a plain bug", new TypeError("x is undefined")],
  ])("%s: known", (_, e) => expect(outcomeUnknown(e)).toBe(false));
});

describe("withRetry", () => {
  it("asks `retryable` instead of isTransient when given", async () => {
    let calls = 0;
    const f = () => Promise.reject(err("TimeoutError", { code: "ETIMEDOUT", n: ++calls }));
    const o = { maxAttempts: 5, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} };
    await expect(withRetry(f, { ...o, retryable: (e) => isTransient(e) && !outcomeUnknown(e) })).rejects.toThrow();
    expect(calls).toBe(1);
    await expect(withRetry(f, o)).rejects.toThrow();
    expect(calls).toBe(6);
  });
});
