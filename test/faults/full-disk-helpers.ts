/** Shared by the full-disk drills: a mailer that logs outside --out, the run options, the edges with a git source that reads nothing. */
import { appendFile } from "node:fs/promises";
import type { AuditLog } from "../../src/audit/audit-log.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { GitSource } from "../../src/collect/sources/source.js";
import type { Mailer } from "../../src/delivery/mailer.js";
import type { Edges, RunOptions } from "../../src/pipeline/run.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { NOW } from "../helpers/sample.js";

/** A mailer that logs each message outside --out, so what was sent is known whatever happened to the disk; it delivers (as SES does). */
export function loggingMailer(log: string): Mailer {
  return {
    name: "drill",
    delivers: true,
    async send(email, opts) {
      const skip = new Set((opts?.skip ?? []).map((a) => a.toLowerCase()));
      const to = [...email.to, ...email.bcc].filter((a) => !skip.has(a.toLowerCase()));
      for (const r of to) await appendFile(log, `${email.reportId} ${r}\n`);
      return { messageIds: to.length ? [`<${email.reportId}@drill>`] : [] };
    },
  };
}

/** The corpus fixture's audiences: one weekly all-entity audience per role (from portfolio.yaml's recipients), named after it. */
export const ROLES = ["ceo", "cto", "cfo", "cmo", "accounting"];
export const options = (dataDir: string, outDir: string): RunOptions => ({
  dataDir,
  outDir,
  select: { audiences: ROLES, period: "2026-W48" },
  force: false,
  dryRun: false,
  env: {},
  now: () => NOW,
});
export const noGit: GitSource = { name: "git-none", repos: async () => ({}) };

/** The offline edges under OUT with `git` (default: none), the logging mailer and `audit`. */
export function drillEdges(outDir: string, o: { sentLog: string; audit: AuditLog; git?: GitSource }): Edges {
  return {
    ...offlineEdges(outDir, () => NOW),
    sources: [gitSource(o.git ?? noGit), metricsSource(new FileMetricsSource())],
    mailer: loggingMailer(o.sentLog),
    audit: o.audit,
  };
}
