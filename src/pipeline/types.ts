/** What the pipeline works with: its edges (chosen once by the wiring), its options and what it returns. */
import type { Report } from "../analyse/report.js";
import type { RoleRegistry } from "../analyse/role.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Board, BoardSyncResult } from "../board/board.js";
import type { Source } from "../collect/sources/source.js";
import type { Audience } from "../config/audiences.js";
import type { Env } from "../config/env.js";
import type { Mailer } from "../delivery/mailer.js";
import type { Notifier, ReportStatus } from "../delivery/notifier.js";
import type { Redactor } from "../shared/redact.js";
import type { PlanEntry } from "./plan.js";

/** Every network client the pipeline talks to, behind its interface. */
export interface Edges {
  sources: Source[];
  mailer: Mailer;
  audit: AuditLog;
  board: Board;
  notifiers: Notifier[];
}

/** Which reports a run makes: the plan (what is due now) unless audiences, roles or a period are named. */
export interface Selection {
  /** Audience ids; undefined means every audience. */
  audiences?: string[];
  /** Only audiences of these roles. */
  roles?: string[];
  /** A period label (YYYY-Www, YYYY-MM, YYYY-Qn) for every selected audience of that cadence. */
  period?: string;
}

export interface RunOptions {
  dataDir: string;
  outDir: string;
  /** The run's clock: a figure never depends on it, only which period is due and the audit's times. */
  now: () => Date;
  /** The real clock, for audit times, claims and durations (default: `now`). */
  wall?: () => Date;
  select: Selection;
  force: boolean;
  dryRun: boolean;
  env: Env;
  runUrl?: string;
  /** Where readers find the board (the footer links to it). */
  links?: { board?: string };
  /** The roles the run knows (default: the built-in five). */
  roles?: RoleRegistry;
  /** Replaces every known secret value in everything written or sent (default: the process-wide redactor). */
  redactor?: Redactor;
}

export interface ReportCounts {
  kpis: number;
  missingKpis: number;
  findings: number;
  actions: number;
}

export interface ReportFiles {
  json: string;
  html: string;
  text: string;
  markdown: string;
  snapshot: string;
}

/** The outcome of one (audience, period) report. */
export interface ReportResult {
  reportId: string;
  audience: Audience;
  role: string;
  period: string;
  status: ReportStatus;
  error?: string;
  /** Why a report was skipped or held. */
  reason?: string;
  messageIds: string[];
  counts: ReportCounts;
  board?: BoardSyncResult;
  files: ReportFiles;
  /** Where a human can look at the message (the .eml for the outbox). */
  location?: string;
  report?: Report;
}

export interface RunResult {
  /** What the run set out to make (the plan or the named reports). */
  entries: PlanEntry[];
  reports: ReportResult[];
  ok: boolean;
  /** The clock the run used, for the lines that say what was due. */
  now: string;
}
