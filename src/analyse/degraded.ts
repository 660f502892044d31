/**
 * Degraded data, pure: a source that failed, or whose newest data is older than its freshness limit, becomes a
 * banner naming the source and the figures that read it. Whether such a report is held or sent with the banner
 * is the audience's policy, decided by the pipeline.
 */
import { durationMs, type ReportPolicy } from "../config/policy.js";
import type { Degraded, Report } from "./report.js";

const DAY_MS = 86_400_000;

function age(ms: number): string {
  return ms >= 2 * DAY_MS ? `${Math.floor(ms / DAY_MS)} days` : `${Math.floor(ms / 3_600_000)} hours`;
}

/** A KPI source's file or system part: "data/accounts.yaml (3 bank balances)" → "data/accounts.yaml". */
function sourceParts(source: string): string[] {
  return source.split(" + ").map((s) => s.replace(/\s*\(.*$/, "").trim());
}

/** Pure: the banners for `report` under the freshness policy, judged at `generatedAt`. */
export function degradedSources(report: Report, policy: Pick<ReportPolicy, "freshness">, generatedAt: string): Degraded[] {
  const now = Date.parse(generatedAt);
  const banners: Degraded[] = [];
  const reads = (name: string) => [
    ...report.kpis
      .filter((k) => (k.source ?? "").includes(name) || (k.status === "missing" && k.missing.includes(name)))
      .map((k) => k.label),
    ...report.sections.filter((s) => s.source.includes(name)).map((s) => s.title),
  ];

  for (const s of report.sources.filter((x) => !x.ok)) {
    banners.push({ source: s.name, reason: "failed", detail: s.detail, affects: [...new Set(reads(s.name))] });
  }

  // Every dated thing the report cites: collection sources that say how new their data is, and each KPI's as-of.
  const dated: { name: string; asOf: string; label?: string }[] = [
    ...report.sources.filter((s) => s.ok && s.asOf).map((s) => ({ name: s.name, asOf: s.asOf! })),
    ...report.kpis.flatMap((k) => (k.value === null ? [] : sourceParts(k.source).map((name) => ({ name, asOf: k.asOf, label: k.label })))),
  ];
  const limits = Object.entries(policy.freshness.sources);
  const limitFor = (name: string) => limits.find(([key]) => name.includes(key));
  const stale = new Map<string, { limit: string; oldest: string; labels: Set<string> }>();
  for (const d of dated) {
    const hit = limitFor(d.name);
    const limit = hit?.[1] ?? policy.freshness.default;
    if (!limit) continue;
    const at = Date.parse(d.asOf);
    if (!Number.isFinite(at) || now - at <= durationMs(limit)) continue;
    const key = hit?.[0] ?? d.name;
    const entry = stale.get(key) ?? { limit, oldest: d.asOf, labels: new Set<string>() };
    if (d.asOf < entry.oldest) entry.oldest = d.asOf;
    if (d.label) entry.labels.add(d.label);
    stale.set(key, entry);
  }
  for (const [name, s] of stale) {
    if (banners.some((b) => b.source === name)) continue;
    banners.push({
      source: name,
      reason: "stale",
      detail: `newest data is from ${s.oldest.slice(0, 10)}, ${age(now - Date.parse(s.oldest))} old; the limit is ${s.limit}`,
      affects: [...new Set([...s.labels, ...report.sections.filter((x) => x.source.includes(name)).map((x) => x.title)])],
    });
  }
  return banners;
}

/** One line for a held report (the job's failure and the notifier): each degraded source and what it affects. */
export function holdReason(report: Pick<Report, "id" | "degraded">): string | null {
  if (report.degraded.length === 0) return null;
  const parts = report.degraded.map(
    (d) =>
      `${d.source} ${d.reason === "failed" ? "failed" : "is out of date"} (${d.detail})${d.affects.length ? `, affecting ${d.affects.join(", ")}` : ""}`,
  );
  return `${report.id} held: ${parts.join("; ")}. Fix the source or set the audience's degraded policy to send-with-banner.`;
}
