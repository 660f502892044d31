/**
 * Text safety primitives shared by every output (render/escape.ts for HTML, text and Markdown; the board for card
 * titles; delivery for mail headers): control characters, bidi overrides and line breaks from data normalised.
 */

/** Bidi embedding, override and isolate controls, and the invisible direction marks: they can make text read differently than it is. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Every line break a renderer may honour: CR, LF, CRLF, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR. */
const BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
/** C0 and C1 controls other than tab and the breaks above, and DEL. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/** One line: every break becomes a space, other controls and bidi controls go, tabs become spaces. */
export function oneLine(v: unknown): string {
  return String(v ?? "")
    .replace(BIDI, "")
    .replace(BREAKS, " ")
    .replace(CONTROLS, "")
    .replace(/\t/g, " ");
}

/** Several lines: every break form becomes LF (a lone CR too), other controls and bidi controls go. */
export function multiLine(v: unknown): string {
  return String(v ?? "")
    .replace(BIDI, "")
    .replace(BREAKS, "\n")
    .replace(CONTROLS, "");
}

/** At most `max` characters (code points, so no half emoji), ending in "…" when cut. */
export function truncate(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** GitHub's limit on an issue title. */
export const MAX_TITLE_CHARS = 256;

/** A card or message title: one line, spaces collapsed, at most 256 characters. */
export function safeTitle(v: unknown, max = MAX_TITLE_CHARS): string {
  return truncate(oneLine(v).replace(/ {2,}/g, " ").trim(), max);
}

/** A mail header value: one line, no controls, at most `max` characters (RFC 5322 lines stay short after encoding). */
export function safeHeader(v: unknown, max = 900): string {
  return truncate(oneLine(v).trim(), max);
}

const ZWJ = "\u200d";

/**
 * A value as inline Markdown text for GitHub: syntax escaped (including `$`, which opens math), @mentions and
 * #references neutralised so data never pings anyone, one line (a lone CR would start a heading or a list), and bare
 * URLs and www. names broken so GitHub does not link them. render/escape.ts and the board's own text both use it.
 */
export function markdownInline(v: unknown): string {
  return oneLine(v)
    .replace(/[\\`*_{}[\]<>()|~!&#$]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`)
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1${ZWJ}:`)
    .replace(/\b(mailto|xmpp|tel):/gi, `$1${ZWJ}:`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWJ}.`);
}
