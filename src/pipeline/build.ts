/** The analyse stage: a role's checks over the audience's scoped snapshot, as a validated Report. */
import { analyse } from "../analyse/analyse.js";
import { type Report, reportSchema } from "../analyse/report.js";
import type { RoleDefinition } from "../analyse/role.js";
import type { KpiSnapshot } from "../audit/audit-log.js";
import type { Snapshot } from "../collect/snapshot.js";
import { type Audience, scopeKey } from "../config/audiences.js";
import { UserError } from "../shared/errors.js";
import { parsePeriod, periodsBetween } from "../shared/period.js";

export interface BuildInput {
  def: RoleDefinition;
  audience: Audience;
  /** Already scoped to the audience's entities. */
  snapshot: Snapshot;
  entities: { id: string; name: string }[];
  /** The audience's last stored KPIs (trend baseline), if any. */
  previous: KpiSnapshot | null;
  generatedAt: string;
}

/** Pure: the audience's report for the snapshot's period, validated against the Report schema. */
export function buildReport(i: BuildInput): Report {
  const scope = { key: scopeKey(i.audience), entities: i.entities };
  const format = i.audience.format;
  const report = analyse(i.def, i.snapshot, scope, i.previous?.values ?? {}, i.generatedAt, {
    id: i.audience.id,
    label: i.audience.label,
    format,
  });
  const parsed = reportSchema.safeParse(report);
  if (!parsed.success) {
    // A check produced something the model refuses (e.g. a non-finite figure): name it, never dump zod.
    const first = parsed.error.issues[0]!;
    throw new UserError(`${report.id}: the ${i.def.label} report is invalid at ${first.path.join(".")}: ${first.message}`);
  }
  return parsed.data;
}

/** The note for periods this audience never reported between its last report and this one, if any. */
export function gapNote(
  previous: Pick<KpiSnapshot, "period"> | null,
  current: string,
  audience: Pick<Audience, "id" | "timeZone">,
): string | undefined {
  const gap = missedPeriods(previous?.period, current, audience.timeZone);
  if (gap.length === 0) return undefined;
  return `No report was made for ${gap.join(", ")} (last: ${previous!.period}); run with --audience ${audience.id} --period ${gap[0]} to fill the gap.`;
}

function missedPeriods(last: string | undefined, current: string, timeZone: string): string[] {
  if (!last || last >= current) return [];
  try {
    const a = parsePeriod(last, timeZone);
    const b = parsePeriod(current, timeZone);
    return a.kind === b.kind ? periodsBetween(a, b).map((p) => p.label) : [];
  } catch {
    return [];
  }
}
