import type { RunResult } from "../pipeline/types.js";

export interface ActionOutputs {
  "report-id": string;
  status: string;
  kpis: string;
  "missing-kpis": string;
  findings: string;
  actions: string;
  "html-path": string;
  "eml-path": string;
  /** Every file the run wrote for its reports, one per line: the artifact step uploads exactly these. */
  "artifact-paths": string;
  "out-dir": string;
}

/** One report (the matrix case) gives that report's values; several give comma lists and sums. */
export function outputsFor(result: RunResult, outDir: string): ActionOutputs {
  const rs = result.reports;
  const sum = (f: (c: (typeof rs)[number]["counts"]) => number) => String(rs.reduce((n, r) => n + f(r.counts), 0));
  const statuses = [...new Set(rs.map((r) => r.status))];
  const written = rs.filter((r) => r.status !== "failed" && r.status !== "skipped");
  const emls = rs.flatMap((r) => (r.location?.endsWith(".eml") ? [r.location] : []));
  // The artifact follows the audience's format: a summary or link-only audience's figures stay out of it.
  const files = written.flatMap((r) =>
    r.audience.format === "full"
      ? [r.files.json, r.files.html, r.files.text, r.files.markdown, r.files.snapshot]
      : [r.files.html, r.files.text],
  );
  return {
    "report-id": rs.map((r) => r.reportId).join(","),
    // "failed" wins so a workflow can branch on one value; otherwise the single status, or the list.
    status: statuses.includes("failed") ? "failed" : statuses.includes("held") ? "held" : statuses.join(",") || "nothing-due",
    kpis: sum((c) => c.kpis),
    "missing-kpis": sum((c) => c.missingKpis),
    findings: sum((c) => c.findings),
    actions: sum((c) => c.actions),
    "html-path": written.map((r) => r.files.html).join(","),
    "eml-path": emls.join(","),
    // Not the audit log: it lists every recipient, and the artifact is readable by anyone who can read the repository.
    "artifact-paths": [...files, ...emls].join("\n"),
    "out-dir": outDir,
  };
}
