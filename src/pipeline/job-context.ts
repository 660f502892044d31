/** What every stage of a report job reads: the run's options, edges and the shared lookups. */
import type { RoleRegistry } from "../analyse/role.js";
import type { Audience } from "../config/audiences.js";
import type { Inventory, Portfolio } from "../config/schema.js";
import type { Logger } from "../shared/logger.js";
import type { Redactor } from "../shared/redact.js";
import type { Edges, ReportResult, RunOptions } from "./types.js";

export interface JobContext {
  opts: RunOptions;
  edges: Edges;
  log: Logger;
  roles: RoleRegistry;
  portfolio: Portfolio;
  /** The data's policy (severity, thresholds, grace, escalation, freshness, degraded handling). */
  policy: Inventory["policy"];
  /** Every audience of the data, also those this run does not make (card owners, escalations). */
  audiences: Audience[];
  redact: (s: string) => string;
  redactor: Redactor;
  /** Which audience keeps each card current (see cardOwners). */
  owners: Map<string, string>;
}

/** Audit times follow the real clock. */
export function wallNow(c: JobContext): Date {
  return (c.opts.wall ?? c.opts.now)();
}

/** A report's counts for the result line. */
export function countsOf(r: { kpis: { status: string }[]; findings: unknown[]; actions: unknown[] }): ReportResult["counts"] {
  return {
    kpis: r.kpis.length,
    missingKpis: r.kpis.filter((k) => k.status === "missing").length,
    findings: r.findings.length,
    actions: r.actions.length,
  };
}
