/**
 * data/policy.yaml: the operator's judgement, kept in data rather than code. Optional: without the file every
 * section takes its documented default.
 *
 * severity: how serious each finding is, by rule id. A rule id is, from most to least specific:
 *   - a finding id, `check:entity:key` (one finding, e.g. `committed-secrets:acme:acme/app/.env:3:exec-reports/stripe`),
 *   - `check:entity` (every finding of a check for one entity, e.g. `ota-listings:acme`),
 *   - `check` (every finding of a check, e.g. `ota-listings`).
 * The most specific rule that matches wins. A finding no rule matches keeps the severity its check proposes
 * (the built-in default, listed in the README's role section). `info` keeps a finding in the report without an action.
 *
 * kpis, grace, escalation: rules with memory (KPI thresholds with a grace period, per-check grace, escalation of
 * findings left open); freshness: the oldest acceptable data per source; degraded: hold or send-with-banner.
 *
 * Example: an operator who treats zero OTA listings as critical, except for one local-service entity:
 *   severity:
 *     ota-listings: critical
 *     ota-listings:acme-plumbing: medium
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../shared/errors.js";
import { parseYamlFile } from "./yaml-file.js";

export const POLICY_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** `check`, `check:entity` or `check:entity:key`: lower-case check and entity ids; a key may hold any printable text. */
const ruleId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9-]*(:\S.*)?)?$/,
    'a rule id: a check id ("ota-listings"), check:entity ("ota-listings:acme") or a finding id',
  );

/** The severity section: rule id → severity. Default: empty (every check's own severity stands). */
export const severityPolicySchema = z.record(ruleId, z.enum(POLICY_SEVERITIES, "one of critical, high, medium, low, info")).default({});

const DURATION = /^(\d+(?:\.\d+)?)\s*(h|d|w)$/;

/** "36h", "14d", "2w" (hours, days, weeks). */
const duration = z.string().regex(DURATION, 'a duration such as "36h", "14d" or "2w"');

/** Milliseconds in a policy duration ("36h", "14d", "2w"). */
export function durationMs(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`"${d}" is not a duration such as "36h", "14d" or "2w"`);
  return Number(m[1]) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "h" | "d" | "w"];
}

const periods = z.number().int().min(1).max(52);

/**
 * A KPI's alert thresholds: `breach: below` means lower is worse (runway), `above` higher is worse (burn).
 * `grace`: periods in a row in breach before it alerts (overrides grace.default).
 */
export const kpiThresholdSchema = z
  .strictObject({
    breach: z.enum(["below", "above"]),
    warn: z.number().optional(),
    critical: z.number().optional(),
    grace: periods.optional(),
  })
  .refine((t) => t.warn !== undefined || t.critical !== undefined, { message: "set warn, critical or both" })
  .refine((t) => t.warn === undefined || t.critical === undefined || (t.breach === "below" ? t.critical <= t.warn : t.critical >= t.warn), {
    message: "critical must be beyond warn in the breach direction (below: critical ≤ warn; above: critical ≥ warn)",
  });
export type KpiThreshold = z.output<typeof kpiThresholdSchema>;

/** The report's memory, freshness and degraded-data sections (beside `severity`). */
export const reportPolicyShape = {
  /** KPI id → thresholds. */
  kpis: z.record(z.string(), kpiThresholdSchema).default({}),
  /** A breach or finding alerts only after it has been seen this many periods in a row. */
  grace: z
    .strictObject({ default: periods.default(1), checks: z.record(z.string(), periods).default({}) })
    .default({ default: 1, checks: {} }),
  /**
   * A finding open this many periods goes up one severity (and its card one priority), once;
   * `notify`: the role whose report names every escalated finding (the CEO's).
   */
  escalation: z
    .strictObject({
      afterPeriods: periods.default(4),
      checks: z.record(z.string(), periods).default({}),
      notify: z.string().optional(),
    })
    .default({ afterPeriods: 4, checks: {} }),
  /** Oldest acceptable data per source (matched against source names and KPI sources); `default` for the rest. */
  freshness: z.strictObject({ default: duration.optional(), sources: z.record(z.string(), duration).default({}) }).default({ sources: {} }),
  /** A report with a failed or stale source: `hold` (send nothing, fail with the reason) or `send-with-banner`. */
  degraded: z
    .strictObject({ default: z.enum(["hold", "send-with-banner"]).default("send-with-banner") })
    .default({ default: "send-with-banner" }),
};

/** data/policy.yaml. Each section is optional. */
export const policySchema = z.strictObject({
  severity: severityPolicySchema,
  ...reportPolicyShape,
});
export type Policy = z.output<typeof policySchema>;
/** The parts of the policy the report's memory, changes and banners read. */
export type ReportPolicy = Pick<Policy, "kpis" | "grace" | "escalation" | "freshness" | "degraded">;

/** The policy when data/policy.yaml is absent. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** A fresh copy of the default policy. */
export function defaultPolicy(): Policy {
  return policySchema.parse({});
}

/** Validates the text of a policy file; throws a ConfigError with one `file:line field: problem` line each. */
export function parsePolicy(file: string, text: string, known: { kpis?: readonly string[]; roles?: readonly string[] } = {}): Policy {
  const r = parseYamlFile(file, text, policySchema);
  if (!r.ok) throw new ConfigError(r.issues);
  const issues = policyReferenceIssues(file, r.file.value, r.file.lineOf, known);
  if (issues.length) throw new ConfigError(issues);
  return r.file.value;
}

/** KPI ids in `kpis:` and the role in `escalation.notify` must exist: one `file:line field: problem` line each. */
export function policyReferenceIssues(
  file: string,
  p: Policy,
  lineOf: (path: (string | number)[]) => number,
  known: { kpis?: readonly string[]; roles?: readonly string[] },
): string[] {
  const issues: string[] = [];
  if (known.kpis) {
    const ids = new Set(known.kpis);
    for (const k of Object.keys(p.kpis))
      if (!ids.has(k))
        issues.push(`${file}:${lineOf(["kpis", k])} kpis.${k}: not a KPI in kpis.yaml — expected one of ${[...ids].join(", ")}`);
  }
  if (known.roles && p.escalation.notify !== undefined && !known.roles.includes(p.escalation.notify))
    issues.push(
      `${file}:${lineOf(["escalation", "notify"])} escalation.notify: "${p.escalation.notify}" is not a role — expected one of ${known.roles.join(", ")}`,
    );
  return issues;
}

/** Reads DIR/policy.yaml, or returns the defaults when the file does not exist. */
export async function loadPolicy(dir: string, known: { kpis?: readonly string[]; roles?: readonly string[] } = {}): Promise<Policy> {
  const file = path.join(dir, "policy.yaml");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return defaultPolicy();
    throw new ConfigError([`${file}:1 (file): cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  return parsePolicy(file, text, known);
}
