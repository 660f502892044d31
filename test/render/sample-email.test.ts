/** The real sample run's emails (offline pipeline, 2026-W48, frozen clock): size, email safety, validity, same facts everywhere. */
import { beforeAll, describe, expect, it } from "vitest";
import { sampleReports } from "../../scripts/dev/sample.js";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { type Rendered, renderReport } from "../../src/render/render.js";
import { formatValue, type Unit } from "../../src/shared/format.js";
import { attr, descendants, elements, validateEmailHtml, visibleText } from "./email-checks.js";

const GMAIL_CLIP_BYTES = 102 * 1024;

let reports: Report[];
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  reports = await sampleReports();
  for (const r of reports) rendered.set(r.role, renderReport(r));
});

describe.each(builtinRoles.ids.map((role) => ({ role })))("$role email from the sample run", ({ role }) => {
  const html = () => rendered.get(role)!.html;

  it("stays under Gmail's 102 KB clip", () => {
    const bytes = Buffer.byteLength(html(), "utf8");
    expect(bytes).toBeGreaterThan(5_000);
    expect(bytes).toBeLessThanOrEqual(GMAIL_CLIP_BYTES);
  });

  it("has no script, SVG, form, external stylesheet or external resource", () => {
    const els = elements(html());
    const names = new Set(els.map((e) => e.tagName));
    for (const banned of ["script", "svg", "form", "iframe", "object", "embed", "link", "img", "video", "audio"])
      expect(names.has(banned), banned).toBe(false);
    for (const el of els) {
      for (const a of el.attrs) {
        expect(a.name.startsWith("on"), `${el.tagName} ${a.name}`).toBe(false);
        if (a.name === "src" || a.name === "srcset" || a.name === "background") throw new Error(`${el.tagName} loads ${a.value}`);
      }
      if (el.tagName === "a") expect(attr(el, "href") ?? "", "link").toMatch(/^https?:\/\//);
    }
    expect(html()).not.toMatch(/@import|url\(/i);
  });

  it("keeps only the mobile and dark-mode media queries in <style>, and no class-only styling", () => {
    const els = elements(html());
    const styles = els.filter((e) => e.tagName === "style").map((e) => e.childNodes.map((n) => ("value" in n ? n.value : "")).join(""));
    expect(styles).toHaveLength(1);
    // Strip the @media blocks (one level of nesting): nothing may remain outside them.
    const outside = styles[0]!.replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, "").trim();
    expect(outside).toBe("");
    expect(styles[0]).toMatch(/prefers-color-scheme:\s*dark/);
    expect(styles[0]).toMatch(/max-width:\s*480px/);
    const mediaClasses = new Set([...styles[0]!.matchAll(/\.([A-Za-z][\w-]*)/g)].map((m) => m[1]));
    for (const el of els) {
      const cls = attr(el, "class");
      if (!cls) continue;
      for (const c of cls.split(/\s+/)) expect(mediaClasses.has(c), `class ${c} is styled only in a removed rule`).toBe(true);
      expect(attr(el, "style"), `<${el.tagName} class="${cls}"> has no inline style`).toBeTruthy();
    }
  });

  it("is accessible in structure: lang, presentation tables, headed data tables, one h1", () => {
    const els = elements(html());
    expect(attr(els.find((e) => e.tagName === "html")!, "lang")).toBe("en");
    for (const t of els.filter((e) => e.tagName === "table")) {
      const headers = descendants(t, true).filter((e) => e.tagName === "th");
      // A table is either layout (role="presentation", no headers) or data (column headers with scope).
      if (attr(t, "role") === "presentation") expect(headers, "layout table with header cells").toEqual([]);
      else
        expect(
          headers.length > 0 && headers.every((h) => attr(h, "scope") === "col"),
          "table without role=presentation has no scoped headers",
        ).toBe(true);
    }
    expect(els.filter((e) => e.tagName === "h1")).toHaveLength(1);
    for (const img of els.filter((e) => e.tagName === "img")) expect(attr(img, "alt")).toBeDefined();
  });

  it("passes html-validate (rules relaxed only for email)", async () => {
    expect(await validateEmailHtml(html())).toEqual([]);
  });

  it("carries the same facts in HTML, text and Markdown", () => {
    const report = reports.find((r) => r.role === role)!;
    const r = rendered.get(role)!;
    const texts = { html: visibleText(r.html), text: r.text, markdown: r.markdown.replace(/\\(.)/g, "$1").replace(/\u200d/g, "") };
    const facts = [
      report.period.label,
      report.id,
      ...report.summary,
      ...report.scope.entities.map((e) => e.name),
      ...report.kpis.flatMap((k) => [k.label, k.value === null ? k.missing : formatValue(k.value, k.unit as Unit)]),
      ...report.findings.flatMap((f) => [f.title, f.recommendation, ...f.evidence]),
      ...report.actions.flatMap((a) => [a.title, a.dueDate, a.cardUrl ?? ""]),
      ...report.sections.flatMap((s) => [s.title, s.source]),
      ...report.kpis.flatMap((k) => (k.source ? [k.source] : [])),
    ].filter(Boolean);
    for (const [kind, body] of Object.entries(texts)) {
      const lost = facts.filter((f) => !body.includes(f!));
      expect(lost, `${kind} is missing facts`).toEqual([]);
    }
  });
});
