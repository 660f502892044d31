/**
 * Escaping for each output: HTML for email, Markdown for GitHub, plain text for the text part. Every escaper first
 * normalises what data may smuggle in: control characters and bidi overrides go, and a line break inside a value
 * (CR, LF, a lone CR, U+2028, ...) becomes a space wherever it could start a new line of the output.
 */
import { markdownInline, multiLine, oneLine } from "../shared/text.js";

const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values (templates always quote attributes). */
export function escapeHtml(v: unknown): string {
  // Breaks are whitespace in HTML: kept (as LF), so <pre>-like blocks still read; controls and bidi overrides go.
  return multiLine(v).replace(/[&<>"']/g, (c) => HTML_ENTITY[c]!);
}

/**
 * Escapes Markdown syntax (including `$`, which opens GitHub math), neutralises @mentions and #references so data
 * never pings anyone, keeps a value on one line (a lone CR would otherwise start a heading or a list), and breaks
 * bare URLs and www. names so GitHub does not turn data into links.
 */
export function escapeMarkdown(v: unknown): string {
  return markdownInline(v);
}

/**
 * Plain text (the email's text part, console lines): one line per value, so a name holding CR/LF cannot forge a
 * header-looking line ("Bcc: …") or a list item; controls and bidi overrides go.
 */
export function escapeText(v: unknown): string {
  return oneLine(v);
}

/** A Slack/Markdown-free plain block of several lines (notes, evidence quoted as a block): breaks kept as LF. */
export function escapeTextBlock(v: unknown): string {
  return multiLine(v);
}
