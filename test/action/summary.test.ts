import { describe, expect, it } from "vitest";
import { outputsFor } from "../../src/action/outputs.js";
import { buildSummary, SUMMARY_LIMIT_BYTES } from "../../src/action/summary.js";
import type { Report } from "../../src/analyse/report.js";
import type { RoleResult, RunResult } from "../../src/pipeline/run.js";
import { report } from "../helpers/analyse.js";
import { sampleInventory } from "../helpers/sample.js";

function roleResult(r: Report, over: Partial<RoleResult> = {}): RoleResult {
  const files = {
    json: `/out/reports/${r.role}.json`,
    html: `/out/reports/${r.role}.html`,
    text: `/out/reports/${r.role}.txt`,
    markdown: `/out/reports/${r.role}.md`,
  };
  return {
    role: r.role,
    reportId: r.id,
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
      period: "2026-W48",
      snapshotPath: "/out/snapshot.json",
      ok: false,
      roles: [
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
    expect(md).toContain(`\`${cfo.id}\``);
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
      period: "2026-W48",
      snapshotPath: "",
      ok: true,
      roles: (["cfo", "cto", "ceo", "cmo", "accounting"] as const).map((role) => roleResult({ ...huge, role } as Report)),
    };
    const md = buildSummary(result);
    expect(Buffer.byteLength(md, "utf8")).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(md, "utf8")).toBeGreaterThan(SUMMARY_LIMIT_BYTES / 2);
    expect(md).toContain("shortened to stay under GitHub's 1 MiB limit");
  });
});

describe("action outputs", () => {
  it("one role gives its own values; several give lists and sums, failed winning", async () => {
    const inv = await sampleInventory();
    const cfo = roleResult(report("cfo", inv), { status: "dry-run" });
    const one = outputsFor({ period: "2026-W48", snapshotPath: "", ok: true, roles: [cfo] }, "/out");
    expect(one).toEqual({
      "report-id": cfo.reportId,
      status: "dry-run",
      kpis: String(cfo.counts.kpis),
      "missing-kpis": String(cfo.counts.missingKpis),
      findings: String(cfo.counts.findings),
      actions: String(cfo.counts.actions),
      "html-path": "/out/reports/cfo.html",
      "out-dir": "/out",
    });
    const cto = roleResult(report("cto", inv), { status: "failed" });
    const two = outputsFor({ period: "2026-W48", snapshotPath: "", ok: false, roles: [cfo, cto] }, "/out");
    expect(two.status).toBe("failed");
    expect(two["report-id"]).toBe(`${cfo.reportId},${cto.reportId}`);
    expect(two.findings).toBe(String(cfo.counts.findings + cto.counts.findings));
    expect(two["html-path"]).toBe("/out/reports/cfo.html");
  });

  it("declares the same outputs as action.yml", async () => {
    const { parse } = await import("yaml");
    const { readFile } = await import("node:fs/promises");
    const action = parse(await readFile(new URL("../../action.yml", import.meta.url), "utf8")) as { outputs: Record<string, unknown> };
    const r = outputsFor({ period: "2026-W48", snapshotPath: "", ok: true, roles: [] }, "/out");
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(r).sort());
  });
});
