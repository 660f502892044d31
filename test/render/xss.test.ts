/** Hostile data in any field of a Report shows as text in the HTML, plain-text and Markdown renderings, and never pings anyone. */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/analyse/report.js";
import { renderCardBody, renderReport } from "../../src/render/render.js";
import { attr, elements, visibleText } from "./email-checks.js";
import { fixtureReport } from "./fixture.js";

const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "[x](javascript:alert(1)) ![y](https://example.com/t.png) <b>bold</b> **md**",
];

// Fields that are ids, enums, dates or row keys: the schema constrains them, so they are not free text.
const STRUCTURAL = new Set([
  "id",
  "role",
  "severity",
  "priority",
  "unit",
  "status",
  "op",
  "fingerprint",
  "ownerRole",
  "key",
  "start",
  "end",
  "generatedAt",
  "asOf",
  "dueDate",
  "check",
  "findingIds",
  "chart",
  "schemaVersion",
  // Enums of the memory, changes and banners: the schema allows nothing else.
  "how",
  "level",
  "breach",
  "direction",
  "reason",
  "kind",
  "headline",
]);

/** Appends the payload to every free-text string in the report, including table cells and card URLs. */
function poison(report: Report, payload: string): Report {
  const walk = (v: unknown, key = ""): unknown => {
    if (key === "rows")
      return (v as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, x]) => [k, typeof x === "string" ? `${x} ${payload}` : x])),
      );
    if (STRUCTURAL.has(key)) return v;
    if (typeof v === "string") return `${v} ${payload}`;
    if (Array.isArray(v)) return v.map((x) => walk(x, key === "findingIds" ? key : ""));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(report) as Report;
}

const DANGEROUS_TAGS = ["script", "img", "svg", "iframe", "object", "embed", "form", "input", "link", "meta", "base", "b"];

/** Elements and attributes in `html` that did not come from the template: what an attacker would need. */
function liveMarkup(html: string, allowedTags: Set<string>): string[] {
  const found: string[] = [];
  for (const el of elements(html)) {
    if (DANGEROUS_TAGS.includes(el.tagName) && !allowedTags.has(el.tagName)) found.push(`<${el.tagName}>`);
    for (const a of el.attrs) if (a.name.startsWith("on")) found.push(`${el.tagName}[${a.name}]`);
    const href = attr(el, "href");
    if (href !== undefined && !/^https:\/\/github\.com\/example-org\//.test(href)) found.push(`href=${href}`);
  }
  return found;
}

// GitHub renders Markdown with raw HTML allowed (then sanitises); markdown-it with html: true is the stricter test.
const md = new MarkdownIt({ html: true, linkify: false });

describe.each(PAYLOADS.map((payload) => ({ payload })))("payload $payload", ({ payload }) => {
  const report = poison(fixtureReport(), payload);
  const out = renderReport(report);
  const pristine = renderReport(fixtureReport());
  const templateTags = new Set(elements(pristine.html).map((e) => e.tagName));

  it("reaches the renderer in every free-text field (the test poisons what it claims to)", () => {
    expect(report.scope.entities[0]!.name).toContain(payload);
    expect(report.findings[0]!.evidence[0]).toContain(payload);
    expect(report.sections[1]!.rows[0]!.unit).toContain(payload);
    expect(report.kpis[0]!.source).toContain(payload);
    expect(report.sources[0]!.detail).toContain(payload);
  });

  it("is text in the HTML: no new element, attribute or link", () => {
    expect(liveMarkup(out.html, templateTags)).toEqual([]);
    // Layout may follow the text (a longer cell stacks its table on a phone), but no kind of element is new
    // and no link is added.
    const tags = (html: string) => new Set(elements(html).map((e) => e.tagName));
    expect([...tags(out.html)].filter((t) => !tags(pristine.html).has(t))).toEqual([]);
    const links = (html: string) => elements(html).filter((e) => e.tagName === "a").length;
    expect(links(out.html)).toBe(links(pristine.html));
    const shown = visibleText(out.html);
    // Entity, KPI label, finding, action, section cell, source: each shows the payload as written.
    expect(shown.split(payload).length - 1).toBeGreaterThanOrEqual(20);
  });

  it("is verbatim in the plain-text part", () => {
    expect(out.text.split(payload).length - 1).toBeGreaterThanOrEqual(20);
  });

  it("is text in the Markdown, rendered as GitHub would", () => {
    const html = md.render(out.markdown);
    const pristineTags = new Set(elements(md.render(pristine.markdown)).map((e) => e.tagName));
    expect(liveMarkup(html, pristineTags)).toEqual([]);
    expect(
      visibleText(html)
        .replace(/\u200d/g, "")
        .split(payload).length - 1,
    ).toBeGreaterThanOrEqual(10);
  });

  it("is text in a board card body", () => {
    const body = renderCardBody(report, report.actions[0]!);
    const html = md.render(body.replace(/^<!--.*?-->\n?/s, ""));
    expect(liveMarkup(html, new Set(["sub", "code"]))).toEqual([]);
    // Bare URLs carry an invisible joiner after the scheme so GitHub does not link them.
    expect(visibleText(html).replace(/\u200d/g, "")).toContain(payload);
  });
});

describe("links", () => {
  it("drops card URLs that are not http(s), in HTML and Markdown", () => {
    for (const cardUrl of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", " javascript:alert(1)"]) {
      const report = fixtureReport();
      report.actions[0]!.cardUrl = cardUrl;
      const out = renderReport(report);
      expect(elements(out.html).filter((e) => e.tagName === "a")).toEqual([]);
      expect(elements(md.render(out.markdown)).filter((e) => e.tagName === "a")).toEqual([]);
      expect(out.text).toContain(cardUrl.trim());
    }
  });

  it("keeps a Markdown link whole when the URL holds parentheses or spaces", () => {
    const report = fixtureReport();
    report.actions[0]!.cardUrl = "https://github.com/example-org/x/issues/1?q=a b)(c";
    const links = elements(md.render(renderReport(report).markdown)).filter((e) => e.tagName === "a");
    expect(links.map((a) => attr(a, "href"))).toEqual(["https://github.com/example-org/x/issues/1?q=a%20b%29%28c"]);
  });
});

describe("GitHub mentions and references", () => {
  it("neither @mentions nor #references survive in Markdown or card bodies", () => {
    const report = poison(fixtureReport(), "cc @octocat and @example-org/admins, see #1 and GH-2 and example-org/exec-reports#3");
    const out = renderReport(report);
    for (const body of [out.markdown, renderCardBody(report, report.actions[0]!)]) {
      const shown = visibleText(md.render(body));
      expect(shown).toContain("octocat");
      expect(shown).not.toMatch(/@[A-Za-z0-9]/);
      expect(shown).not.toMatch(/#\d/);
      expect(shown).not.toMatch(/GH-\d/i);
    }
  });
});
