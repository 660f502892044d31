/** From findings to ranked action items: priority follows severity, then revenue at stake breaks ties. */
import { createHash } from "node:crypto";
import { addDays } from "../shared/period.js";
import type { ActionItem, Finding, Severity } from "./report.js";
import { SEVERITIES } from "./report.js";

export const PRIORITY = { critical: "P1", high: "P2", medium: "P3", low: "P4" } as const;
export const DUE_DAYS = { P1: 7, P2: 14, P3: 30, P4: 60 } as const;

/** Stable 16-hex fingerprint of an action item: the same finding always maps to the same card. */
export function fingerprint(role: string, findingId: string): string {
  return createHash("sha256").update(`${role}|${findingId}`).digest("hex").slice(0, 16);
}

/** Severity order, most severe first. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Findings by severity, then revenue at stake, then id: the order every output lists them in. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      (b.impactUsdPerMonth ?? 0) - (a.impactUsdPerMonth ?? 0) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Action items for a role's findings, ranked by priority, then impact, then fingerprint (stable). Info findings
 * get none. `periodEndDate` is the period's exclusive end date; `cards` keeps known card URLs and acknowledgements.
 */
export function actionsFor(
  role: string,
  findings: Finding[],
  periodEndDate: string,
  entityName: (id: string) => string,
  keep: Map<string, Pick<ActionItem, "cardUrl" | "acknowledged">> = new Map(),
): ActionItem[] {
  return findings
    .filter((f): f is Finding & { severity: keyof typeof PRIORITY } => f.severity in PRIORITY)
    .map((f) => {
      const priority = PRIORITY[f.severity];
      const fp = fingerprint(role, f.id);
      const kept = keep.get(fp);
      return {
        fingerprint: fp,
        title: `${entityName(f.entity)}: ${f.recommendation.split(/(?<=\.)\s/)[0]!.replace(/\.$/, "")}`,
        priority,
        rank: 0,
        ownerRole: role,
        entity: f.entity,
        dueInDays: DUE_DAYS[priority],
        dueDate: addDays(periodEndDate, DUE_DAYS[priority]),
        findingIds: [f.id],
        detail: f.recommendation,
        impactUsdPerMonth: f.impactUsdPerMonth,
        ...(kept?.cardUrl ? { cardUrl: kept.cardUrl } : {}),
        ...(f.memory?.acknowledged ? { acknowledged: f.memory.acknowledged } : {}),
      };
    })
    .sort(
      (a, b) =>
        // An accepted risk stays on its card but leaves the agenda: last, whatever its priority.
        Number(a.acknowledged !== undefined) - Number(b.acknowledged !== undefined) ||
        a.priority.localeCompare(b.priority) ||
        (b.impactUsdPerMonth ?? 0) - (a.impactUsdPerMonth ?? 0) ||
        a.fingerprint.localeCompare(b.fingerprint),
    )
    .map((a, i) => ({ ...a, rank: i + 1 }));
}

/** Entity id → display name from a report's scope ("portfolio" → "Portfolio"; a scoped report's aggregate → its entities). */
export function scopeNames(entities: { id: string; name: string }[]): (id: string) => string {
  const byId = new Map(entities.map((e) => [e.id, e.name]));
  return (id) =>
    id === "portfolio" ? "Portfolio" : id.startsWith("scope:") ? entities.map((e) => e.name).join(" + ") : (byId.get(id) ?? id);
}

/** The entity id of a report's whole-scope findings: "portfolio", or "scope:<key>" for a scoped report. */
export function aggregateEntity(scopeKey: string): string {
  return scopeKey === "all" ? "portfolio" : `scope:${scopeKey}`;
}
