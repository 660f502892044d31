/** The Report model every role produces and every renderer reads; the zod schema is exported for consumers. */
import { z } from "zod";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How an audience receives its report: everything, the headline and changes, or only a link (no figures). */
export const FORMATS = ["full", "summary", "link-only"] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** Every priority an action item can have, most urgent first. */
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;

const severity = z.enum(SEVERITIES);
const unit = z.enum(["usd", "count", "pct", "months", "days", "ratio"]);

/** One point of a KPI's trend: the value reported (or recomputed) for a period, null when it was not measured. */
export const seriesPointSchema = z.object({ period: z.string(), value: z.number().nullable() });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/** Where a KPI stands against its policy thresholds, and for how many periods in a row it has been in breach. */
export const thresholdStateSchema = z.object({
  breach: z.enum(["below", "above"]),
  warn: z.number().optional(),
  critical: z.number().optional(),
  level: z.enum(["ok", "warn", "critical"]),
  periodsInBreach: z.number().int().nonnegative(),
  grace: z.number().int().positive(),
});
export type ThresholdState = z.infer<typeof thresholdStateSchema>;

const kpiBase = {
  id: z.string(),
  label: z.string(),
  unit,
  target: z.object({ op: z.enum([">=", "<="]), value: z.number() }).optional(),
  why: z.string().optional(),
  /** The last periods' values, oldest first, ending with this period (for sparklines). */
  series: z.array(seriesPointSchema).optional(),
  threshold: thresholdStateSchema.optional(),
};

export const kpiSchema = z.union([
  z.object({
    ...kpiBase,
    value: z.number(),
    source: z.string().min(1),
    asOf: z.string().min(1),
    previous: z.number().nullable(),
    delta: z.number().nullable(),
    status: z.enum(["ok", "off-target", "no-target"]),
  }),
  z.object({
    ...kpiBase,
    value: z.null(),
    missing: z.string().min(1),
    source: z.string().optional(),
    previous: z.number().nullable(),
    delta: z.null(),
    status: z.literal("missing"),
  }),
]);
export type Kpi = z.infer<typeof kpiSchema>;

/** A person accepted the risk on the finding's card (label `accepted-risk`) or closed it as not planned. */
export const acknowledgementSchema = z.object({
  how: z.enum(["accepted-risk", "not-planned"]),
  by: z.string(),
  at: z.string(),
});
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

/** What the report remembers of a finding across periods. */
export const findingMemorySchema = z.object({
  /** Period label of the first report that raised it. */
  openSince: z.string(),
  periodsOpen: z.number().int().positive(),
  /** Raised by the escalation policy: the severity the check gave, and after how many periods open. */
  escalated: z.object({ from: severity, periods: z.number().int().positive() }).optional(),
  acknowledged: acknowledgementSchema.optional(),
});
export type FindingMemory = z.infer<typeof findingMemorySchema>;

export const findingSchema = z.object({
  id: z.string(),
  check: z.string(),
  entity: z.string(),
  severity,
  title: z.string(),
  evidence: z.array(z.string()),
  recommendation: z.string(),
  /** Estimated monthly revenue (or saving) at stake, in USD, used to rank actions after priority. */
  impactUsdPerMonth: z.number().nullable(),
  sources: z.array(z.string()).min(1),
  memory: findingMemorySchema.optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const actionSchema = z.object({
  fingerprint: z.string().regex(/^[a-f0-9]{16}$/),
  title: z.string(),
  priority: z.enum(PRIORITIES),
  rank: z.number().int().positive(),
  ownerRole: z.string(),
  entity: z.string(),
  dueInDays: z.number().int().positive(),
  dueDate: z.string(),
  findingIds: z.array(z.string()).min(1),
  detail: z.string(),
  impactUsdPerMonth: z.number().nullable(),
  cardUrl: z.string().optional(),
  /** Accepted on the card: listed apart, never escalated. */
  acknowledged: acknowledgementSchema.optional(),
});
export type ActionItem = z.infer<typeof actionSchema>;

const cell = z.union([z.string(), z.number(), z.null()]);
export const sectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string().optional(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: unit.optional() })),
  rows: z.array(z.record(z.string(), cell)),
  /** Optional bar chart of one numeric column, drawn by the renderer as HTML bars (negative values to the left). */
  chart: z.object({ label: z.string(), value: z.string(), unit }).optional(),
  source: z.string(),
});
export type Section = z.infer<typeof sectionSchema>;

const findingRef = z.object({ id: z.string(), title: z.string(), severity, entity: z.string() });
export type FindingRef = z.infer<typeof findingRef>;

/** A past period's figure that today's data computes differently from what was reported then. */
export const restatementSchema = z.object({
  kpi: z.string(),
  label: z.string(),
  unit,
  period: z.string(),
  reported: z.number(),
  now: z.number(),
});
export type Restatement = z.infer<typeof restatementSchema>;

/** A finding raised by the escalation policy, as another report names it (the CEO's report names every one). */
export const escalationSchema = findingRef.extend({
  from: severity,
  periodsOpen: z.number().int().positive(),
  openSince: z.string(),
  role: z.string(),
  reportId: z.string(),
});
export type Escalation = z.infer<typeof escalationSchema>;

/** What changed since the previous report of the same audience; `previous` is null for a first report. */
export const changesSchema = z.object({
  previous: z.object({ id: z.string(), period: z.string(), generatedAt: z.string() }).nullable(),
  new: z.array(findingRef),
  resolved: z.array(findingRef),
  worse: z.array(findingRef.extend({ from: severity })),
  crossedTarget: z.array(
    z.object({
      kpi: z.string(),
      label: z.string(),
      unit,
      direction: z.enum(["met", "missed"]),
      from: z.number().nullable(),
      to: z.number(),
      target: z.object({ op: z.enum([">=", "<="]), value: z.number() }),
    }),
  ),
  restated: z.array(restatementSchema),
  escalated: z.array(findingRef.extend({ from: severity, periodsOpen: z.number().int().positive() })),
  accepted: z.array(findingRef.extend(acknowledgementSchema.shape)),
});
export type Changes = z.infer<typeof changesSchema>;

/** The empty change list of a report that has not been compared with anything yet. */
export function noChanges(): Changes {
  return { previous: null, new: [], resolved: [], worse: [], crossedTarget: [], restated: [], escalated: [], accepted: [] };
}

/** A source that failed or is older than its freshness limit, and the figures that depend on it. */
export const degradedSchema = z.object({
  source: z.string(),
  reason: z.enum(["failed", "stale"]),
  detail: z.string(),
  /** Labels of the KPIs and sections that read this source. */
  affects: z.array(z.string()),
});
export type Degraded = z.infer<typeof degradedSchema>;

/** A finding or KPI breach seen but not yet alerting: inside its grace period. */
export const watchingSchema = z.object({
  id: z.string(),
  kind: z.enum(["kpi", "finding"]),
  title: z.string(),
  entity: z.string(),
  periodsSeen: z.number().int().positive(),
  grace: z.number().int().positive(),
  /** The finding itself, kept so it alerts with its own words once the grace period is over. */
  finding: findingSchema.optional(),
});
export type Watching = z.infer<typeof watchingSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(2),
  /** <audience>.<period>, e.g. cfo-close.2026-11 (or the older <role>.<scope>.<period>): a file name and a DynamoDB key. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.+-]*\.[\w-]+$/),
  role: z.string(),
  /** How the role is named to readers ("CFO"). */
  roleLabel: z.string(),
  title: z.string(),
  /** Who the report is for, and how much of it their email carries. */
  audience: z.object({ id: z.string(), label: z.string(), format: z.enum(FORMATS) }).optional(),
  period: z.object({
    label: z.string(),
    kind: z.enum(["week", "month", "quarter"]).optional(),
    timeZone: z.string().optional(),
    start: z.string(),
    end: z.string(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
  }),
  scope: z.object({ key: z.string(), entities: z.array(z.object({ id: z.string(), name: z.string() })) }),
  generatedAt: z.string(),
  /** The role's headline KPI ids present in this report, most important first. */
  headline: z.array(z.string()),
  summary: z.array(z.string()).min(1),
  kpis: z.array(kpiSchema),
  findings: z.array(findingSchema),
  actions: z.array(actionSchema),
  sections: z.array(sectionSchema),
  sources: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      detail: z.string(),
      kind: z.string().optional(),
      /** Newest data the source delivered, when it says. */
      asOf: z.string().optional(),
    }),
  ),
  changes: changesSchema,
  watching: z.array(watchingSchema),
  degraded: z.array(degradedSchema),
  /** Escalated findings of other reports this report names (the CEO's). */
  escalations: z.array(escalationSchema),
  /** Human names for raw identifiers in the data (a clone path → the repository's id). */
  names: z.record(z.string(), z.string()),
});
export type Report = z.infer<typeof reportSchema>;
