/** One JSON POST with a timeout, for the notifiers; errors never carry the URL, which is a secret. */

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** POSTs a JSON body; throws an Error naming `what` and the HTTP status or network cause, never the URL. */
export async function postJson(what: string, url: string, body: unknown, opts: { fetch?: FetchLike; timeoutMs?: number } = {}): Promise<void> {
  const doFetch: FetchLike = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
  let res;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "user-agent": "exec-reports" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (e) {
    // fetch's own message is generic; the cause holds the useful code (ECONNREFUSED, timeout) without the path.
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === "TimeoutError" ? `no answer within ${opts.timeoutMs ?? 10_000} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new Error(`${what}: post failed (${why})`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
    throw new Error(`${what}: HTTP ${res.status}${text ? ` (${text})` : ""}`);
  }
}
