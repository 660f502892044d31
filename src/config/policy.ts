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
 * Example: an operator who treats zero OTA listings as critical, except for one local-service entity:
 *   severity:
 *     ota-listings: critical
 *     ota-listings:acme-plumbing: medium
 */
import { z } from "zod";

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

/** data/policy.yaml. Each section is optional; other sections (KPI thresholds, grace, escalation) join this object. */
export const policySchema = z.strictObject({
  severity: severityPolicySchema,
});

export type Policy = z.output<typeof policySchema>;

/** The policy when data/policy.yaml is absent. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});
