/** Runs a role's checks over a Snapshot and assembles the Report: KPIs with trend, findings, ranked actions. */
import { createHash } from "node:crypto";
import { type DatasetName, isPresent, type Snapshot } from "../collect/snapshot.js";
import type { Role } from "../config/schema.js";
import { addDays } from "../shared/period.js";
import { contextFor, type KpiResult } from "./check.js";
import { expandCatalogue } from "./kpi-catalogue.js";
import { applySeverity } from "./policy.js";
import type { ActionItem, Finding, Kpi, Report, Section } from "./report.js";
import type { RoleDefinition } from "./role.js";

/** KPI values of the last report for the same role and scope, keyed by KPI id. */
export type KpiHistory = Record<string, number>;

const PRIORITY = { critical: "P1", high: "P2", medium: "P3", low: "P4" } as const;
const DUE_DAYS = { P1: 7, P2: 14, P3: 30, P4: 60 } as const;

/** The report id: role + scope + period, safe as a file name and a DynamoDB key. */
export function reportId(role: Role, scopeKey: string, period: string): string {
  return `${role}.${scopeKey}.${period}`;
}

/** Stable 16-hex fingerprint of an action item: the same finding always maps to the same card. */
export function fingerprint(role: Role, findingId: string): string {
  return createHash("sha256").update(`${role}|${findingId}`).digest("hex").slice(0, 16);
}

/** Pure: the Report for one role. `previous` holds the last run's KPI values for trend. */
export function analyse(
  def: RoleDefinition,
  snapshot: Snapshot,
  scope: { key: string; entities: { id: string; name: string }[] },
  previous: KpiHistory,
  generatedAt: string,
  audience?: { id: string; label: string; format: "full" | "summary" | "link-only" },
): Report {
  const ctx = contextFor(snapshot, def.id);
  // A scoped report's portfolio-level findings are about its scope, not the portfolio: their own cards.
  const aggregate = scope.key === "all" ? "portfolio" : `scope:${scope.key}`;
  const scopeName = scope.entities.map((e) => e.name).join(" + ");
  const entityName = (id: string) => (id === aggregate && aggregate !== "portfolio" ? scopeName : ctx.entityName(id));
  const values = new Map<string, KpiResult>();
  let findings: Finding[] = [];
  const sections: Section[] = [];
  const summary: string[] = [];

  for (const c of def.checks) {
    const absent = c.needs.filter((n) => !isPresent(snapshot.datasets[n]));
    if (absent.length > 0) {
      const reason = absent
        .map((n) => `${snapshot.datasets[n].source}: ${(snapshot.datasets[n] as { missing: string }).missing}`)
        .join("; ");
      for (const k of c.kpis ?? []) values.set(k, { id: k, missing: `source unavailable (${reason})` });
      summary.push(`Check "${c.id}" could not run: ${reason}.`);
      continue;
    }
    const data = Object.fromEntries(c.needs.map((n: DatasetName) => [n, (snapshot.datasets[n] as { value: unknown }).value]));
    const out = c.run(data as never, ctx);
    for (const k of out.kpis ?? []) values.set(k.id, k);
    for (const f of out.findings ?? []) {
      const entity = f.entity === "portfolio" ? aggregate : f.entity;
      findings.push({
        id: [c.id, entity, f.key].filter(Boolean).join(":"),
        check: c.id,
        entity,
        severity: f.severity,
        title: f.title,
        evidence: f.evidence,
        recommendation: f.recommendation,
        impactUsdPerMonth: f.impactUsdPerMonth ?? null,
        sources: f.sources,
      });
    }
    sections.push(...(out.sections ?? []));
    summary.push(...(out.summary ?? []));
  }

  // Severity is the operator's policy (data/policy.yaml); a check's own severity is only its default.
  if (isPresent(snapshot.datasets.policy)) findings = applySeverity(findings, snapshot.datasets.policy.value.severity);

  for (const d of def.derived?.(findings) ?? []) {
    values.set(d.id, {
      id: d.id,
      value: d.value,
      source: `this report's findings (${def.checks.length} checks)`,
      asOf: snapshot.collectedAt,
    });
  }

  const catalogue = isPresent(snapshot.datasets.kpis) ? snapshot.datasets.kpis.value.catalogue.filter((k) => k.role === def.id) : [];
  const kpis: Kpi[] = expandCatalogue(catalogue, values).map(({ entry, value: v }) => {
    const prev = previous[entry.id] ?? null;
    const base = { id: entry.id, label: entry.label, unit: entry.unit, target: entry.target, why: entry.why };
    if ("missing" in v) {
      return {
        ...base,
        value: null,
        missing: v.missing,
        previous: prev,
        delta: null,
        status: "missing" as const,
      };
    }
    const value = Number.isFinite(v.value) ? v.value : Number.MAX_SAFE_INTEGER;
    const status = !entry.target
      ? "no-target"
      : (entry.target.op === ">=" ? value >= entry.target.value : value <= entry.target.value)
        ? "ok"
        : "off-target";
    return {
      ...base,
      value,
      source: v.source,
      asOf: v.asOf,
      previous: prev,
      delta: prev === null ? null : Math.round((value - prev) * 100) / 100,
      status: status as "ok" | "off-target" | "no-target",
    };
  });

  const severityOrder = ["critical", "high", "medium", "low", "info"];
  findings.sort(
    (a, b) =>
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      (b.impactUsdPerMonth ?? 0) - (a.impactUsdPerMonth ?? 0) ||
      a.id.localeCompare(b.id),
  );

  const periodEndDate = snapshot.period.endDate;
  const actions: ActionItem[] = findings
    .filter((f): f is Finding & { severity: keyof typeof PRIORITY } => f.severity in PRIORITY)
    .map((f) => {
      const priority = PRIORITY[f.severity];
      return {
        fingerprint: fingerprint(def.id, f.id),
        title: `${entityName(f.entity)}: ${f.recommendation.split(/(?<=\.)\s/)[0]!.replace(/\.$/, "")}`,
        priority,
        rank: 0,
        ownerRole: def.id,
        entity: f.entity,
        dueInDays: DUE_DAYS[priority],
        dueDate: addDays(periodEndDate, DUE_DAYS[priority]),
        findingIds: [f.id],
        detail: f.recommendation,
        impactUsdPerMonth: f.impactUsdPerMonth,
      };
    })
    .sort((a, b) => {
      const byPriority = a.priority.localeCompare(b.priority);
      const byImpact = (b.impactUsdPerMonth ?? 0) - (a.impactUsdPerMonth ?? 0);
      return (def.rankBy === "impact" ? byImpact || byPriority : byPriority || byImpact) || a.fingerprint.localeCompare(b.fingerprint);
    })
    .map((a, i) => ({ ...a, rank: i + 1 }));

  const counts = severityOrder.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const missingKpis = kpis.filter((k) => k.status === "missing").length;
  const headline = `${findings.length} findings (${counts.map(([s, n]) => `${n} ${s}`).join(", ") || "none"}), ${actions.length} actions, ${kpis.length - missingKpis} of ${kpis.length} KPIs measured.`;

  return {
    schemaVersion: 1,
    id: audience ? `${audience.id}.${snapshot.period.label}` : reportId(def.id, scope.key, snapshot.period.label),
    ...(audience ? { audience } : {}),
    role: def.id,
    roleLabel: def.label,
    title: def.title,
    period: snapshot.period,
    scope,
    generatedAt,
    summary: [headline, ...summary],
    kpis,
    findings,
    actions,
    sections,
    sources: snapshot.sources.map((s) => ({ name: s.name, ok: s.ok, detail: s.detail })),
  };
}
