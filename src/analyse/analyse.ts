/** Runs a role's checks over a Snapshot and assembles the Report: KPIs with trend, findings, ranked actions. */
import { type DatasetName, isPresent, type Snapshot } from "../collect/snapshot.js";
import type { Role } from "../config/schema.js";
import { actionsFor, fingerprint, severityRank, sortFindings } from "./actions.js";
import { contextFor, type KpiResult } from "./check.js";
import { expandCatalogue, isPattern, matchesKpiId } from "./kpi-catalogue.js";
import { applySeverity } from "./policy.js";
import type { Finding, Kpi, Report, Section } from "./report.js";
import { noChanges } from "./report.js";
import type { RoleDefinition } from "./role.js";
import { countsLine, figuresLine } from "./summary.js";

export { fingerprint };

/** KPI values of the last report for the same role and scope, keyed by KPI id. */
export type KpiHistory = Record<string, number>;

/** Beyond this many findings from one check, the rest are summarised in one finding (issue 17: bounded output). */
export const MAX_FINDINGS_PER_CHECK = 20;

export interface AnalyseOptions {
  maxFindingsPerCheck?: number;
}

/** The report id: role + scope + period, safe as a file name and a DynamoDB key. */
export function reportId(role: Role, scopeKey: string, period: string): string {
  return `${role}.${scopeKey}.${period}`;
}

/** Pure: the Report for one role. `previous` holds the last run's KPI values for trend. */
export function analyse(
  def: RoleDefinition,
  snapshot: Snapshot,
  scope: { key: string; entities: { id: string; name: string }[] },
  previous: KpiHistory,
  generatedAt: string,
  audience?: { id: string; label: string; format: "full" | "summary" | "link-only" },
  opts: AnalyseOptions = {},
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
    const raised = (out.findings ?? []).map((f) => {
      const entity = f.entity === "portfolio" ? aggregate : f.entity;
      return {
        id: [c.id, entity, f.key].filter(Boolean).join(":"),
        check: c.id,
        entity,
        severity: f.severity,
        title: f.title,
        evidence: f.evidence,
        recommendation: f.recommendation,
        impactUsdPerMonth: f.impactUsdPerMonth ?? null,
        sources: f.sources,
      };
    });
    findings.push(...capFindings(c.id, raised, opts.maxFindingsPerCheck ?? MAX_FINDINGS_PER_CHECK, aggregate));
    sections.push(...(out.sections ?? []));
    summary.push(...(out.summary ?? []));
  }

  // Severity is the operator's policy (data/policy.yaml); a check's own severity is only its default.
  if (isPresent(snapshot.datasets.policy)) findings = applySeverity(findings, snapshot.datasets.policy.value.severity);

  for (const d of def.derived?.(findings, ctx) ?? []) {
    values.set(
      d.id,
      "missing" in d ? d : { id: d.id, value: d.value, source: `this report's findings (${d.covers})`, asOf: snapshot.collectedAt },
    );
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
    // A figure that is not a finite number (a division by zero in a check) is missing, never a huge number.
    if (!Number.isFinite(v.value)) {
      return {
        ...base,
        value: null,
        missing: `not a finite figure (${v.value}) from ${v.source}`,
        previous: prev,
        delta: null,
        status: "missing" as const,
      };
    }
    const value = v.value;
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

  findings = sortFindings(findings);
  // Priority first, then revenue at stake, for every role: ranking the CEO's agenda by impact alone put P3s above P1s.
  const actions = actionsFor(def.id, findings, snapshot.period.endDate, entityName);
  const headline = headlineIds(def.headline, kpis);

  return {
    schemaVersion: 2,
    id: audience ? `${audience.id}.${snapshot.period.label}` : reportId(def.id, scope.key, snapshot.period.label),
    ...(audience ? { audience } : {}),
    role: def.id,
    roleLabel: def.label,
    title: def.title,
    period: snapshot.period,
    scope,
    generatedAt,
    headline,
    summary: [figuresLine(kpis, headline), countsLine(findings, actions, kpis), ...summary],
    kpis,
    findings,
    actions,
    sections,
    sources: snapshot.sources.map((s) => ({ name: s.name, ok: s.ok, detail: s.detail })),
    changes: noChanges(),
    watching: [],
    degraded: [],
    escalations: [],
    names: rawNames(snapshot),
  };
}

/** The first screen holds this many headline tiles (two rows of two at 375 px). */
export const MAX_HEADLINE = 4;

/**
 * The report's headline KPI ids, in the role's order, at most MAX_HEADLINE. A per-entity pattern
 * ("break-even:{entity}") fills the slots the plain ids leave, off-target entities first.
 */
export function headlineIds(declared: string[], kpis: Kpi[]): string[] {
  const plain = declared.filter((id) => !isPattern(id) && kpis.some((k) => k.id === id));
  let room = Math.max(0, MAX_HEADLINE - plain.length);
  const chosen = new Map<string, string[]>();
  for (const id of declared.filter(isPattern)) {
    const matches = kpis.filter((k) => matchesKpiId(id, k.id));
    const pick = [...matches.filter((k) => k.status === "off-target"), ...matches.filter((k) => k.status !== "off-target")]
      .slice(0, room)
      .map((k) => k.id);
    room -= pick.length;
    chosen.set(
      id,
      matches.filter((k) => pick.includes(k.id)).map((k) => k.id),
    );
  }
  return declared.flatMap((id) => (isPattern(id) ? (chosen.get(id) ?? []) : plain.includes(id) ? [id] : [])).slice(0, MAX_HEADLINE);
}

/** At most `cap` findings from one check: the most severe, and one more that counts and names the rest. */
export function capFindings(check: string, found: Finding[], cap: number, aggregate = "portfolio"): Finding[] {
  if (found.length <= cap) return found;
  const sorted = sortFindings(found);
  const kept = sorted.slice(0, Math.max(0, cap - 1));
  const rest = sorted.slice(kept.length);
  const worst = rest.reduce((a, f) => (severityRank(f.severity) < severityRank(a) ? f.severity : a), rest[0]!.severity);
  const impacts = rest.map((f) => f.impactUsdPerMonth).filter((x): x is number => x !== null);
  return [
    ...kept,
    {
      id: `${check}:${aggregate}:more`,
      check,
      entity: aggregate,
      severity: worst,
      title: `${rest.length} more findings of the "${check}" check, not listed one by one`,
      evidence: [...rest.slice(0, 5).map((f) => f.title), ...(rest.length > 5 ? [`… and ${rest.length - 5} more`] : [])],
      recommendation: `Work through the remaining ${rest.length} "${check}" findings in the source data; this report lists the first ${kept.length}.`,
      impactUsdPerMonth: impacts.length ? impacts.reduce((a, b) => a + b, 0) : null,
      sources: [...new Set(rest.flatMap((f) => f.sources))],
    },
  ];
}

/** Raw identifiers in the data (a local clone's path, the source it is cited as) → the repository's own id. */
function rawNames(snapshot: Snapshot): Record<string, string> {
  const names: Record<string, string> = {};
  if (!isPresent(snapshot.datasets.repos)) return names;
  for (const r of snapshot.datasets.repos.value.repos) {
    if (r.path === undefined) continue;
    names[r.path] = r.id;
    const fact = snapshot.repos[r.github ?? r.id];
    if (fact) names[fact.source] = `${r.id} (local clone)`;
  }
  return names;
}
