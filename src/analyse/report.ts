/** The Report model every role produces and every renderer reads; the zod schema is exported for consumers. */
import { z } from "zod";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

const kpiBase = {
  id: z.string(),
  label: z.string(),
  unit: z.enum(["usd", "count", "pct", "months", "days", "ratio"]),
  target: z.object({ op: z.enum([">=", "<="]), value: z.number() }).optional(),
  why: z.string().optional(),
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

export const findingSchema = z.object({
  id: z.string(),
  check: z.string(),
  entity: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  evidence: z.array(z.string()),
  recommendation: z.string(),
  /** Estimated monthly revenue (or saving) at stake, in USD, used to rank actions. */
  impactUsdPerMonth: z.number().nullable(),
  sources: z.array(z.string()).min(1),
});
export type Finding = z.infer<typeof findingSchema>;

export const actionSchema = z.object({
  fingerprint: z.string().regex(/^[a-f0-9]{16}$/),
  title: z.string(),
  priority: z.enum(["P1", "P2", "P3", "P4"]),
  rank: z.number().int().positive(),
  ownerRole: z.string(),
  entity: z.string(),
  dueInDays: z.number().int().positive(),
  dueDate: z.string(),
  findingIds: z.array(z.string()).min(1),
  detail: z.string(),
  impactUsdPerMonth: z.number().nullable(),
  cardUrl: z.string().optional(),
});
export type ActionItem = z.infer<typeof actionSchema>;

const cell = z.union([z.string(), z.number(), z.null()]);
export const sectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string().optional(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: kpiBase.unit.optional() })),
  rows: z.array(z.record(z.string(), cell)),
  /** Optional bar chart of one numeric column, drawn by the renderer as HTML bars. */
  chart: z.object({ label: z.string(), value: z.string(), unit: kpiBase.unit }).optional(),
  source: z.string(),
});
export type Section = z.infer<typeof sectionSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(1),
  /** <audience>.<period>, e.g. cfo-close.2026-11: a file name and a DynamoDB key. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.+-]*\.[\w-]+$/),
  /** Who the report is for, and how much of it their email carries. */
  audience: z.object({ id: z.string(), label: z.string(), format: z.enum(["full", "summary", "link-only"]) }).optional(),
  role: z.string(),
  /** How the role is named to readers ("CFO"). */
  roleLabel: z.string(),
  title: z.string(),
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
  summary: z.array(z.string()).min(1),
  kpis: z.array(kpiSchema),
  findings: z.array(findingSchema),
  actions: z.array(actionSchema),
  sections: z.array(sectionSchema),
  sources: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type Report = z.infer<typeof reportSchema>;
