/** The action's outputs, from one run's result. */
import type { RunResult } from "../pipeline/run.js";

export interface ActionOutputs {
  "report-id": string;
  status: string;
  kpis: string;
  "missing-kpis": string;
  findings: string;
  actions: string;
  "html-path": string;
  "out-dir": string;
}

/** One role (the matrix case) gives that role's values; several roles give comma lists and sums. */
export function outputsFor(result: RunResult, outDir: string): ActionOutputs {
  const rs = result.roles;
  const sum = (f: (c: (typeof rs)[number]["counts"]) => number) => String(rs.reduce((n, r) => n + f(r.counts), 0));
  const statuses = [...new Set(rs.map((r) => r.status))];
  return {
    "report-id": rs.map((r) => r.reportId).join(","),
    // "failed" wins so a workflow can branch on one value; otherwise the single status, or the list.
    status: statuses.includes("failed") ? "failed" : statuses.join(","),
    kpis: sum((c) => c.kpis),
    "missing-kpis": sum((c) => c.missingKpis),
    findings: sum((c) => c.findings),
    actions: sum((c) => c.actions),
    "html-path": rs
      .filter((r) => r.status !== "failed")
      .map((r) => r.files.html)
      .join(","),
    "out-dir": outDir,
  };
}
