/**
 * Secrets never leave: a Redactor holds the secret values a run knows (tokens, webhook URLs, keys from the environment
 * and the action's inputs) and replaces them, and their common encodings, in anything written or sent. The console
 * logger masks what it prints; this covers the rest (reports, emails, cards, audit, snapshot, summary).
 */

export const REDACTED = "[redacted]";

/** Shorter values are not treated as secrets: redacting "1" or "us-east-1" would mangle every report. */
const MIN_SECRET_CHARS = 8;
/** A secret cut short in a message ("ghp_abcdef…") is still caught from this many leading characters on. */
const PREFIX_CHARS = 16;

/** Environment names whose values are secrets. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|WEBHOOK|CREDENTIAL|API_?KEY|ACCESS_KEY|AUTH)/i;

export class Redactor {
  private readonly values = new Set<string>();
  /** Every form to replace, longest first (so a URL-encoded form is not half-replaced by its raw prefix). */
  private forms: string[] = [];
  private prefixes: string[] = [];

  /** Registers a secret; values shorter than 8 characters are ignored. Returns this for chaining. */
  add(value: string | undefined | null): this {
    const v = value?.trim();
    if (!v || v.length < MIN_SECRET_CHARS || this.values.has(v)) return this;
    this.values.add(v);
    // A webhook URL's secret is its path: caught even when printed without the scheme and host.
    const urlPath = /^https?:\/\/[^/]+(\/.{8,})$/.exec(v)?.[1];
    if (urlPath) this.values.add(urlPath);
    this.rebuild();
    return this;
  }

  /** Registers the value of every environment variable whose name says it is a secret (GITHUB_TOKEN, SLACK_WEBHOOK_URL, ...). */
  addFromEnv(env: Record<string, string | undefined>): this {
    for (const [k, v] of Object.entries(env)) if (SECRET_NAME.test(k)) this.add(v);
    return this;
  }

  get size(): number {
    return this.values.size;
  }

  /** The string with every known secret (raw, URL-, JSON-, HTML- or base64-encoded, or cut short) replaced. */
  redact(s: string): string {
    if (this.forms.length === 0 || !s) return s;
    let out = s;
    for (const f of this.forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    for (const p of this.prefixes) {
      let i = out.indexOf(p);
      while (i >= 0) {
        out = `${out.slice(0, i)}${REDACTED}${out.slice(i + this.prefixRun(out, i))}`;
        i = out.indexOf(p, i + REDACTED.length);
      }
    }
    return out;
  }

  /** A deep copy of `v` with every string redacted (keys too); errors become their redacted message. */
  redactDeep<T>(v: T): T {
    return this.walk(v, new WeakMap()) as T;
  }

  /** True when `s` holds a known secret in any form this redactor catches. */
  leaks(s: string): boolean {
    return this.redact(s) !== s;
  }

  /** An Error whose message (and stack) no longer holds a secret; the same error when nothing had to change. */
  redactError(e: unknown): unknown {
    if (!(e instanceof Error) || this.forms.length === 0) return e;
    const message = this.redact(e.message);
    if (message === e.message && !this.leaks(e.stack ?? "")) return e;
    const clean = new Error(message);
    clean.name = e.name;
    clean.stack = this.redact(e.stack ?? "");
    for (const k of ["status", "code"] as const)
      if (k in e) (clean as unknown as Record<string, unknown>)[k] = (e as unknown as Record<string, unknown>)[k];
    return clean;
  }

  private walk(v: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof v === "string") return this.redact(v);
    if (!v || typeof v !== "object") return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof Error) return this.redactError(v);
    if (v instanceof Date || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(this.walk(x, seen));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) out[this.redact(k)] = this.walk(x, seen);
    return out;
  }

  /** Length of the run at `i` that matches a secret from its start (at least PREFIX_CHARS). */
  private prefixRun(s: string, i: number): number {
    let best = PREFIX_CHARS;
    for (const v of this.values) {
      if (v.length < PREFIX_CHARS || !s.startsWith(v.slice(0, PREFIX_CHARS), i)) continue;
      let n = PREFIX_CHARS;
      while (n < v.length && s[i + n] === v[n]) n++;
      best = Math.max(best, n);
    }
    return best;
  }

  private rebuild(): void {
    const forms = new Set<string>();
    for (const v of this.values) {
      for (const f of encodings(v)) if (f.length >= MIN_SECRET_CHARS) forms.add(f);
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    this.prefixes = [...new Set([...this.values].filter((v) => v.length >= PREFIX_CHARS * 2).map((v) => v.slice(0, PREFIX_CHARS)))];
  }
}

/** The forms a secret takes on its way into text: as is, URL-encoded, JSON-escaped, HTML-escaped, base64 (alone or as a basic-auth pair). */
function encodings(v: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const html = v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  return [
    v,
    encodeURIComponent(v),
    encodeURI(v),
    JSON.stringify(v).slice(1, -1),
    html,
    b64(v),
    b64(v).replace(/=+$/, ""),
    b64(`x-access-token:${v}`),
    b64(`:${v}`),
    Buffer.from(v).toString("base64url"),
  ];
}

/** The process's redactor: the entry points register secrets in it, and the adapters that write or send use it by default. */
export const globalRedactor = new Redactor();
