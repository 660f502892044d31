import { describe, expect, it } from "vitest";
import { outputsFor } from "../../src/action/outputs.js";
import { buildSummary, SUMMARY_LIMIT_BYTES } from "../../src/action/summary.js";
import type { Report } from "../../src/analyse/report.js";
import type { Audience } from "../../src/config/audiences.js";
import type { ReportResult, RunResult } from "../../src/pipeline/run.js";
import { report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";

/** An all-entity weekly audience named after its role. */
function audienceFor(role: string, over: Partial<Audience> = {}): Audience {
  return {
    id: role,
    label: `${role.toUpperCase()} weekly`,
    role,
    scope: "all",
    recipients: { to: [`${role}@example.com`], cc: [], bcc: [] },
    cadence: "weekly",
    timeZone: "UTC",
    send: { weekday: "monday", hour: 7 },
    format: "full",
    degraded: "send-with-banner",
    csv: false,
    ...over,
  };
}

function roleResult(r: Report, over: Partial<ReportResult> = {}): ReportResult {
  const audience = over.audience ?? audienceFor(r.role);
  const base = `/out/reports/${audience.id}`;
  const files = {
    json: `${base}.json`,
    html: `${base}.html`,
    text: `${base}.txt`,
    markdown: `${base}.md`,
    snapshot: `${base}.snapshot.json`,
  };
  return {
    audience,
    role: r.role,
    period: r.period.label,
    reportId: `${audience.id}.${r.period.label}`,
    status: "sent",
    messageIds: ["<a@example.com>"],
    counts: {
      kpis: r.kpis.length,
      missingKpis: r.kpis.filter((k) => k.status === "missing").length,
      findings: r.findings.length,
      actions: r.actions.length,
    },
    files,
    report: r,
    ...over,
  };
}

describe("job summary", () => {
  it("shows the KPI table with deltas, findings by severity, cards opened and closed, delivery status and report id", async () => {
    const inv = await sampleInventory();
    const first = report("cfo", inv);
    const previous = Object.fromEntries(first.kpis.filter((k) => k.value !== null).map((k) => [k.id, (k.value as number) * 0.9]));
    const cfo = report("cfo", inv, previous);
    const fp = cfo.actions[0]!.fingerprint;
    const closedFp = "0123456789abcdef";
    const board = {
      created: [fp],
      updated: [],
      closed: [closedFp],
      reopened: [],
      unchanged: [],
      warnings: [],
      cards: [
        { fingerprint: fp, url: "https://github.com/example/reports/issues/12", number: 12 },
        { fingerprint: closedFp, url: "https://github.com/example/reports/issues/7", number: 7 },
      ],
    };
    const result: RunResult = {
      entries: [],
      now: "2026-11-30T15:00:00.000Z",
      ok: false,
      reports: [
        roleResult(cfo, { board }),
        roleResult(report("cto", inv), {
          status: "failed",
          error: "SES said MessageRejected: Email address is not verified",
          messageIds: [],
        }),
      ],
    };
    const md = buildSummary(result, "https://github.com/example/reports/actions/runs/42");

    expect(md).toContain("# exec-reports · 2026-W48");
    expect(md).toContain(`\`${result.reports[0]!.reportId}\``);
    expect(md).toContain("| CFO weekly | ✅ sent | `cfo.2026-W48` | 2026-W48 |");
    expect(md).toContain("✅ sent");
    expect(md).toContain("1 message accepted");
    expect(md).toContain("| KPI | Value | Δ vs previous | Target | Status |");
    const withDelta = cfo.kpis.find((k) => k.delta !== null && k.delta !== 0)!;
    expect(md).toMatch(new RegExp(`\\| ${withDelta.label.replace(/[()]/g, "\\\\$&")} \\| [^|]+ \\| [+−][^|]*\\(was `));
    expect(md).toMatch(/\*\*Findings by severity:\*\* critical \d+ · high \d+ · medium \d+ · low \d+ · info \d+/);
    expect(md).toContain("- Opened: [#12](https://github.com/example/reports/issues/12)");
    expect(md).toContain("- Closed: [#7](https://github.com/example/reports/issues/7)");
    expect(md).toContain("❌ failed");
    expect(md).toContain("Email address is not verified");
    expect(md).toContain("[Workflow run](https://github.com/example/reports/actions/runs/42)");
  });

  it("shows no more than each audience's format allows, and says when the outbox rendered instead of sending", async () => {
    const inv = await sampleInventory();
    const ceo = report("ceo", inv);
    const reports = [
      roleResult(ceo, { audience: audienceFor("ceo", { id: "board", label: "Board summary", format: "summary" }) }),
      roleResult(ceo, { audience: audienceFor("ceo", { id: "advisors", label: "Advisors", format: "link-only" }), status: "rendered" }),
    ];
    const md = buildSummary({ entries: [], now: "2026-12-01T18:00:00.000Z", ok: true, reports });
    const [board, advisors] = md.split(/^## /m).slice(1);
    const kpiRows = (part: string) =>
      part.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| KPI") && !l.startsWith("| ---"));
    expect(kpiRows(board!).length).toBeGreaterThan(0);
    expect(kpiRows(board!).length).toBeLessThan(ceo.kpis.length);
    expect(board).not.toContain("<details>");
    expect(advisors).toContain("receives a link only");
    expect(kpiRows(advisors!)).toEqual([]);
    expect(advisors).not.toMatch(/Findings by severity/);
    expect(md).toContain("No email was sent: the mailer is the outbox.");
    expect(md).toContain("`advisors.2026-W48`");
  });

  it("stays under GitHub's 1 MiB cap however many findings there are, and says it was shortened", async () => {
    const r = report("cfo", await sampleInventory());
    const f = r.findings[0]!;
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...f, id: `${f.id}-${i}`, title: `${"x".repeat(120)} ${i}` }));
    const huge = {
      ...r,
      findings: many,
      kpis: Array.from({ length: 3000 }, (_, i) => ({ ...r.kpis[0]!, id: `k${i}`, label: `${"KPI ".repeat(30)}${i}` })),
    };
    const result: RunResult = {
      entries: [],
      now: "2026-11-30T15:00:00.000Z",
      ok: true,
      reports: (["cfo", "cto", "ceo", "cmo", "accounting"] as const).map((role) => roleResult({ ...huge, role } as Report)),
    };
    const md = buildSummary(result);
    expect(Buffer.byteLength(md, "utf8")).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(md, "utf8")).toBeGreaterThan(SUMMARY_LIMIT_BYTES / 2);
    expect(md).toContain("shortened to stay under GitHub's 1 MiB limit");
  });
});

describe("action outputs", () => {
  it("one report gives its own values; several give lists and sums, failed winning", async () => {
    const inv = await sampleInventory();
    const cfo = roleResult(report("cfo", inv), { status: "dry-run" });
    const run = (reports: ReportResult[]): RunResult => ({ entries: [], now: "2026-11-30T15:00:00.000Z", ok: true, reports });
    const one = outputsFor(run([cfo]), "/out");
    expect(one).toEqual({
      "report-id": cfo.reportId,
      status: "dry-run",
      kpis: String(cfo.counts.kpis),
      "missing-kpis": String(cfo.counts.missingKpis),
      findings: String(cfo.counts.findings),
      actions: String(cfo.counts.actions),
      "html-path": "/out/reports/cfo.html",
      "eml-path": "",
      "artifact-paths": [
        "/out/reports/cfo.json",
        "/out/reports/cfo.html",
        "/out/reports/cfo.txt",
        "/out/reports/cfo.md",
        "/out/reports/cfo.snapshot.json",
      ].join("\n"),
      "out-dir": "/out",
    });
    const cto = roleResult(report("cto", inv), { status: "failed" });
    const two = outputsFor({ ...run([cfo, cto]), ok: false }, "/out");
    expect(two.status).toBe("failed");
    expect(two["report-id"]).toBe(`${cfo.reportId},${cto.reportId}`);
    expect(two.findings).toBe(String(cfo.counts.findings + cto.counts.findings));
    expect(two["html-path"]).toBe("/out/reports/cfo.html");
  });

  it("declares the same outputs as action.yml", async () => {
    const { parse } = await import("yaml");
    const { readFile } = await import("node:fs/promises");
    const action = parse(await readFile(new URL("../../action.yml", import.meta.url), "utf8")) as { outputs: Record<string, unknown> };
    const r = outputsFor({ entries: [], now: "2026-11-30T15:00:00.000Z", ok: true, reports: [] }, "/out");
    // The plan command's outputs (main.ts) and the report command's (outputsFor).
    expect(Object.keys(action.outputs).sort()).toEqual([...Object.keys(r), "matrix", "count"].sort());
  });
});
