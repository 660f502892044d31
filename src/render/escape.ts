/** Escaping for each output: HTML for email, Markdown for GitHub, none for plain text. */

const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values (templates always quote attributes). */
export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => HTML_ENTITY[c]!);
}

const ZWJ = "\u200d";

/** Escapes Markdown syntax (including `$`, which opens GitHub math) and neutralises @mentions and #references so data never pings anyone. */
export function escapeMarkdown(v: unknown): string {
  return String(v)
    .replace(/[\\`*_{}[\]<>()|~!&#$]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`)
    .replace(/\r?\n/g, " ");
}
