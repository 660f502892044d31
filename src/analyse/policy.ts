/** Severity as policy: data/policy.yaml decides how serious each finding is; checks only propose a default. */
import type { Policy } from "../config/policy.js";
import type { Finding } from "./report.js";

/**
 * The rule that decides a finding's severity: its own id, then check:entity, then the check; undefined when none
 * matches and the check's default stands.
 */
export function ruleFor(f: Pick<Finding, "id" | "check" | "entity">, severity: Policy["severity"]): string | undefined {
  return [f.id, `${f.check}:${f.entity}`, f.check].find((r) => r in severity);
}

/** Findings with the policy's severities applied (pure; findings no rule names are returned unchanged). */
export function applySeverity<F extends Pick<Finding, "id" | "check" | "entity" | "severity">>(
  findings: readonly F[],
  severity: Policy["severity"],
): F[] {
  return findings.map((f) => {
    const rule = ruleFor(f, severity);
    return rule === undefined ? f : { ...f, severity: severity[rule]! };
  });
}
