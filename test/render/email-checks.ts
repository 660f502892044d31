/**
 * Checks an email's HTML the way mail clients see it: parsed with parse5 (the HTML spec's parser, as in a
 * browser), and linted with html-validate under rules relaxed only where email forces it.
 */
import { type ConfigData, HtmlValidate } from "html-validate";
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Every element of a parsed document, depth first. */
export function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    if ("tagName" in n) out.push(n);
    const kids = "childNodes" in n ? n.childNodes : [];
    for (const k of kids) walk(k);
    if ("content" in n && n.content) walk(n.content as Node);
  };
  walk(parse(html));
  return out;
}

/** The text a reader sees (text nodes joined), from a parsed document. */
export function visibleText(html: string): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeName === "#text") parts.push((n as DefaultTreeAdapterMap["textNode"]).value);
    if ("tagName" in n && (n.tagName === "style" || n.tagName === "script")) return;
    for (const k of "childNodes" in n ? n.childNodes : []) walk(k);
  };
  walk(parse(html));
  return parts.join("");
}

/** Every element below `el`; with `ownOnly`, nested tables are not entered (a table's own cells). */
export function descendants(el: Element, ownOnly = false): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    for (const k of "childNodes" in n ? n.childNodes : []) {
      if ("tagName" in k) out.push(k);
      if (!(ownOnly && "tagName" in k && k.tagName === "table")) walk(k);
    }
  };
  walk(el);
  return out;
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/**
 * html-validate for email. Relaxed, and why:
 * - no-inline-style: Gmail and others drop or limit <style>; inline styles are the only reliable styling.
 * - no-deprecated-attr: Outlook for Windows (Word engine) reads width/cellpadding/cellspacing/border/align/
 *   valign/bgcolor attributes and ignores the CSS equivalents; juice writes them on purpose.
 * - no-conditional-comment: the `<!--[if mso]>` ghost table is how Outlook gets a fixed 600 px column.
 * - prefer-tbody: the parser inserts <tbody>; writing it costs bytes against Gmail's 102 KB clip.
 * Everything else in html-validate:recommended stays on (structure, permitted content, duplicate ids,
 * alt text, heading levels, unescaped characters, …).
 */
export const EMAIL_HTML_VALIDATE: ConfigData = {
  extends: ["html-validate:recommended"],
  rules: {
    "no-inline-style": "off",
    "no-deprecated-attr": "off",
    "no-conditional-comment": "off",
    "prefer-tbody": "off",
  },
};

/** html-validate errors as "line:col rule message" strings; empty when the HTML is clean. */
export async function validateEmailHtml(html: string): Promise<string[]> {
  const report = await new HtmlValidate(EMAIL_HTML_VALIDATE).validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
}

/** axe-core rules that do not apply to an email body (a mail client frames it in its own page), with the reason. */
export const AXE_NOT_FOR_EMAIL = [
  "region", // landmarks: the client's page has them; an email has no <main> or <nav> of its own.
  "landmark-one-main", // same reason
];
