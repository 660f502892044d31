/** Text from data is safe in every output: controls, bidi overrides and line breaks normalised; no autolinks; titles one line. */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, escapeText } from "../../src/render/escape.js";
import { safeHeader, safeTitle } from "../../src/shared/text.js";

const md = new MarkdownIt({ linkify: true });

describe("text safety", () => {
  it("a lone CR, CRLF, LF or U+2028 cannot start a heading or a list in Markdown", () => {
    for (const br of ["\r", "\r\n", "\n", "\u2028", "\u000b", "\u000c", "\u0085"]) {
      const html = md.render(`Name: ${escapeMarkdown(`Acme${br}# Heading${br}- item${br}1. first`)}`);
      expect(html, JSON.stringify(br)).not.toMatch(/<h1|<li|<ul|<ol/);
      expect(html.split("\n").filter(Boolean)).toHaveLength(1);
    }
  });

  it("bare URLs and www. names from data are not autolinked", () => {
    const html = md.render(escapeMarkdown("see https://evil.example/login and www.evil.example or mailto:x@evil.example"));
    expect(html).not.toContain("<a");
  });

  it("CR/LF in a name cannot forge a header-looking line in the text part", () => {
    const text = `To: cfo@example.com\nEntity: ${escapeText("Acme\r\nBcc: attacker@evil.example\rX: y")}\n`;
    expect(text.split("\n").filter((l) => /^Bcc:/.test(l))).toEqual([]);
    expect(text.split(/\r\n|\r|\n/).filter(Boolean)).toHaveLength(2);
  });

  it("control characters and bidi overrides go from HTML, text and Markdown", () => {
    const evil = "pay\u202eusd\u2066 to\u0007\u001b[31m me\u0000";
    for (const f of [escapeHtml, escapeText, escapeMarkdown]) {
      const out = f(evil);
      expect(out, f.name).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u001b]/);
    }
    expect(escapeHtml("<b>\r\nx</b>")).toBe("&lt;b&gt;\nx&lt;/b&gt;");
  });

  it("card titles are one line of at most 256 characters; headers one line", () => {
    const t = safeTitle(`Fix\r\nthe\u202e ${"x".repeat(400)}`);
    expect(t).not.toMatch(/[\r\n\u202e]/);
    expect(Array.from(t).length).toBeLessThanOrEqual(256);
    expect(t.endsWith("…")).toBe(true);
    expect(safeTitle("  short   title ")).toBe("short title");
    expect(safeHeader("Report\r\nBcc: x@evil.example")).toBe("Report Bcc: x@evil.example");
    // Cut by code points: no half emoji.
    expect(safeTitle("😀".repeat(300))).toBe(`${"😀".repeat(255)}…`);
  });
});
