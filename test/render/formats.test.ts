/** The three formats and the subject: full, summary (headline, changes, top actions, link), link-only (no figures). */
import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/render/render.js";
import { headlineFigure, subjectFor } from "../../src/render/subject.js";
import { validateEmailHtml, visibleText } from "./email-checks.js";
import { fixtureReport } from "./fixture.js";

const LINKS = { report: "https://reports.example.com/cfo/2026-W48/", run: "https://github.com/example-org/r/actions/runs/9" };

describe("subjectFor", () => {
  const r = fixtureReport();

  it("carries the role, period, the most important headline figure with its change, and the critical count", () => {
    expect(headlineFigure(r)).toBe("runway 9.5 mo (−1.5)");
    expect(subjectFor(r)).toBe("CFO · 2026-W48 · runway 9.5 mo (−1.5) · 1 critical");
  });

  it("fills an audience's template, drops empty parts, and keeps an old prefix working", () => {
    expect(subjectFor(r, "[{audience}] {headline} · {period} · {scope}")).toBe("[CFO] runway 9.5 mo (−1.5) · 2026-W48");
    const scoped = fixtureReport({ scope: { key: "qdn", entities: [{ id: "qdn", name: "QuickDumpNow" }] }, findings: [] });
    expect(subjectFor(scoped)).toBe("CFO · 2026-W48 · QuickDumpNow · runway 9.5 mo (−1.5)");
    expect(subjectFor(r, "[exec-reports]")).toBe("[exec-reports] CFO · 2026-W48 · runway 9.5 mo (−1.5) · 1 critical");
  });

  it("is one line, bounded, and carries no figure for a link-only audience", () => {
    const evil = fixtureReport({ roleLabel: "CFO\r\nBcc: x@example.com" });
    expect(subjectFor(evil)).not.toMatch(/[\r\n]/);
    expect(subjectFor(fixtureReport({ roleLabel: "x".repeat(500) })).length).toBeLessThanOrEqual(200);
    expect(subjectFor(r, undefined, "link-only")).toBe("CFO · 2026-W48 · report ready");
  });
});

describe("formats", () => {
  const full = renderReport(fixtureReport(), { links: LINKS });
  const summary = renderReport(fixtureReport(), { format: "summary", links: LINKS });
  const linkOnly = renderReport(fixtureReport(), { format: "link-only", links: LINKS });

  it("full: everything, headline and top actions before the rest", () => {
    const text = visibleText(full.html);
    const at = (s: string) => text.indexOf(s);
    expect(at("Headline figures")).toBeLessThan(at("Top actions"));
    expect(at("Top actions")).toBeLessThan(at("Since the last report"));
    expect(at("Since the last report")).toBeLessThan(at("Findings"));
    expect(text).toContain("Reconciliation");
    expect(full.format).toBe("full");
  });

  it("summary: headline figures, changes, top actions and a link to the full report; no findings or tables", () => {
    for (const body of [visibleText(summary.html), summary.text, summary.markdown.replace(/\\(.)/g, "$1")]) {
      expect(body).toContain("9.5 mo");
      expect(body).toContain("Since 2026-W47");
      expect(body).toContain("Portfolio: Open an accounting system");
      expect(body).not.toContain("Reconciliation");
      expect(body).not.toContain("10 accounts on record");
    }
    expect(summary.html).toContain(`href="${LINKS.report}"`);
    expect(summary.text).toContain(`Read the full report: ${LINKS.report}`);
    expect(summary.markdown).toContain(`(${LINKS.report})`);
  });

  it("link-only: the report is ready, where it is kept; no figure, finding or action", () => {
    for (const body of [visibleText(linkOnly.html), linkOnly.text, linkOnly.markdown, linkOnly.subject]) {
      expect(body).not.toMatch(/\$\d|\d mo\b|critical/);
      expect(body).not.toContain("accounting system");
    }
    expect(linkOnly.text).toContain(`Open the report: ${LINKS.report}`);
    expect(linkOnly.notes).toEqual([]);
    // No link configured: it names the report instead, still without figures, and tells the pipeline.
    const bare = renderReport(fixtureReport(), { format: "link-only" });
    expect(bare.text).toContain("the report is kept as cfo.all.2026-W48");
    expect(bare.text).not.toMatch(/\$\d/);
    expect(bare.notes).toEqual([expect.stringMatching(/link-only email needs a link/)]);
  });

  it("follows the audience's format when none is asked for", () => {
    const r = fixtureReport({ audience: { id: "board", label: "Board", format: "summary" } });
    expect(renderReport(r, { links: LINKS }).format).toBe("summary");
  });

  it("passes html-validate in every format", async () => {
    for (const r of [full, summary, linkOnly]) expect(await validateEmailHtml(r.html)).toEqual([]);
  });
});
