/**
 * What the archive reads back: a tolerant view of the Report JSON as it was sent. Reports archived before the
 * audience model (ids like `cfo.all.2026-W48`) still read, their audience derived from role and scope.
 */
import { z } from "zod";
import { UserError } from "../shared/errors.js";
import { type PeriodKind, periodKind } from "../shared/period.js";

const unit = z.enum(["usd", "count", "pct", "months", "days", "ratio"]);

const archivedKpi = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  unit,
  value: z.number().nullable(),
  target: z.object({ op: z.enum([">=", "<="]), value: z.number() }).optional(),
  status: z.string(),
});
export type ArchivedKpi = z.infer<typeof archivedKpi>;

const audience = z.object({ id: z.string().min(1), label: z.string().min(1), format: z.string().min(1) });
export type ArchiveAudience = z.infer<typeof audience>;

export const archivedReportSchema = z.looseObject({
  id: z.string().min(1),
  role: z.string().min(1),
  roleLabel: z.string().optional(),
  title: z.string(),
  audience: audience.optional(),
  /** KPI ids, most important first (or KPI objects with an id): the figures the README charts. */
  headline: z.unknown().optional(),
  period: z.looseObject({
    label: z.string().min(1),
    kind: z.enum(["week", "month", "quarter"]).optional(),
    start: z.string().min(1),
    end: z.string().min(1),
  }),
  scope: z.looseObject({ key: z.string().min(1) }),
  generatedAt: z.string().optional(),
  summary: z.array(z.string()),
  kpis: z.array(archivedKpi),
});
export type ArchivedReport = z.infer<typeof archivedReportSchema>;

/** How a report names its audience: its own `audience`, else role (and scope when narrowed). */
export function audienceOf(r: Pick<ArchivedReport, "audience" | "role" | "roleLabel" | "scope">): ArchiveAudience {
  if (r.audience) return r.audience;
  const label = r.roleLabel ?? r.role.toUpperCase();
  return r.scope.key === "all"
    ? { id: r.role, label, format: "full" }
    : { id: `${r.role}-${r.scope.key}`, label: `${label} (${r.scope.key})`, format: "full" };
}

/** The period's kind: the report's own, else read from its label. */
export function kindOf(r: Pick<ArchivedReport, "period">): PeriodKind | undefined {
  return r.period.kind ?? periodKind(r.period.label);
}

/** How many KPIs stand for a report when it names no headline. */
export const DEFAULT_HEADLINE_SIZE = 4;

/** The report's headline KPI ids that it measured or tried to, most important first; the first KPIs when it names none. */
export function headlineOf(r: Pick<ArchivedReport, "headline" | "kpis">): string[] {
  const known = new Set(r.kpis.map((k) => k.id));
  const named = Array.isArray(r.headline)
    ? r.headline
        .map((h) => (typeof h === "string" ? h : h && typeof h === "object" && "id" in h ? String((h as { id: unknown }).id) : ""))
        .filter((id) => known.has(id))
    : [];
  return named.length ? [...new Set(named)] : r.kpis.slice(0, DEFAULT_HEADLINE_SIZE).map((k) => k.id);
}

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Throws unless `id` is safe as a file name and URL segment (lower-case letters, digits, dashes). */
export function checkAudienceId(id: string): string {
  if (!SEGMENT.test(id))
    throw new UserError(`audience id "${id}" cannot name an archive file: use lower-case letters, digits and dashes (at most 64)`);
  return id;
}

/** Throws unless `label` is a period label (YYYY-Www, YYYY-MM, YYYY-Qn). */
export function checkPeriodLabel(label: string): string {
  if (!periodKind(label)) throw new UserError(`period "${label}" cannot name an archive folder: expected YYYY-Www, YYYY-MM or YYYY-Qn`);
  return label;
}
