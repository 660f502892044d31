/**
 * The real sample run's emails (offline pipeline, 2026-W48, frozen clock, with 12 periods of KPI history so every
 * sparkline is drawn): size, email safety, validity, same facts everywhere; the summary and link-only formats too.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sampleReportsWithHistory } from "../../scripts/dev/sample-history.js";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { figure } from "../../src/analyse/summary.js";
import { humaniser } from "../../src/render/display.js";
import { type Rendered, renderReport } from "../../src/render/render.js";
import type { Unit } from "../../src/shared/format.js";
import { attr, descendants, elements, validateEmailHtml, visibleText } from "./email-checks.js";

const GMAIL_CLIP_BYTES = 102 * 1024;

const LINKS = {
  run: "https://github.com/example-org/exec-reports/actions/runs/1",
  board: "https://github.com/orgs/example-org/projects/1",
  report: "https://reports.example.com/2026-W48/",
};

let reports: Report[];
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  reports = await sampleReportsWithHistory();
  for (const r of reports) {
    rendered.set(r.role, renderReport(r, { links: LINKS }));
    rendered.set(`${r.role}/summary`, renderReport(r, { format: "summary", links: LINKS }));
    rendered.set(`${r.role}/link-only`, renderReport(r, { format: "link-only", links: LINKS }));
  }
});

const CASES = builtinRoles.ids.flatMap((role) => [
  { role, format: "full", key: role },
  { role, format: "summary", key: `${role}/summary` },
  { role, format: "link-only", key: `${role}/link-only` },
]);

describe.each(CASES)("$role $format email from the sample run", ({ role, key, format }) => {
  const html = () => rendered.get(key)!.html;

  it("stays under Gmail's 102 KB clip, sparklines drawn", () => {
    const bytes = Buffer.byteLength(html(), "utf8");
    expect(bytes).toBeGreaterThan(3_000);
    expect(bytes).toBeLessThanOrEqual(GMAIL_CLIP_BYTES);
    const report = reports.find((r) => r.role === role)!;
    if (format !== "link-only") expect(report.kpis.filter((k) => (k.series?.length ?? 0) === 12).length).toBeGreaterThan(0);
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

  it.runIf(format === "full")("carries the same facts in HTML, text and Markdown", () => {
    const report = reports.find((r) => r.role === role)!;
    const r = rendered.get(key)!;
    const human = humaniser(report.names);
    const texts = { html: visibleText(r.html), text: r.text, markdown: r.markdown.replace(/\\(.)/g, "$1").replace(/\u200d/g, "") };
    const facts = [
      report.period.label,
      report.id,
      ...report.summary,
      ...report.scope.entities.map((e) => e.name),
      ...report.kpis.flatMap((k) => [k.label, k.value === null ? k.missing : figure(k.value, k.unit as Unit)]),
      ...(report.changes.previous ? [report.changes.previous.id, report.changes.previous.period] : []),
      ...report.changes.new.map((f) => f.title),
      ...report.changes.resolved.map((f) => f.title),
      ...report.findings.flatMap((f) => [f.title, f.recommendation, ...f.evidence]),
      // The first screen keeps to the action itself; an offline card reference (not a link) shows from #4 on.
      ...report.actions.flatMap((a) => [a.title, a.dueDate, a.rank > 3 || /^https?:/.test(a.cardUrl ?? "") ? (a.cardUrl ?? "") : ""]),
      ...report.sections.flatMap((s) => [s.title, human(s.source)]),
      ...report.kpis.flatMap((k) => (k.source ? [human(k.source)] : [])),
    ].filter(Boolean);
    for (const [kind, body] of Object.entries(texts)) {
      const lost = facts.filter((f) => !body.includes(f!));
      expect(lost, `${kind} is missing facts`).toEqual([]);
    }
  });
});

describe.each(builtinRoles.ids.map((role) => ({ role })))("$role link-only email", ({ role }) => {
  it("says the report is ready and links to it, with no figure in the subject, HTML, text or Markdown", () => {
    const report = reports.find((r) => r.role === role)!;
    const r = rendered.get(`${role}/link-only`)!;
    const figures = report.kpis
      .flatMap((k) => (k.value === null ? [] : [figure(k.value, k.unit as Unit)]))
      .filter((f) => /\d/.test(f) && f.length > 2);
    for (const body of [visibleText(r.html), r.text, r.markdown, r.subject]) {
      expect(body).not.toMatch(/\$\d/);
      for (const f of figures) expect(body).not.toContain(f);
      for (const finding of report.findings) expect(body).not.toContain(finding.title);
    }
    expect(r.text).toContain(LINKS.report);
    expect(r.subject).toBe(`${report.roleLabel} · 2026-W48 · report ready`);
  });
});
