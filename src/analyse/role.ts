/** What a role is: its name, its headline KPIs and its checks. Roles are registered, never listed by hand elsewhere. */

import { UserError } from "../shared/errors.js";
import type { Check, CheckContext } from "./check.js";
import type { Finding } from "./report.js";

export type DerivedKpi = { id: string; value: number; covers: string } | { id: string; missing: string };

export interface RoleDefinition {
  /** Lower-case id used in data files, report ids and labels ("cfo"). */
  id: string;
  /** How readers name the role ("CFO"). */
  label: string;
  title: string;
  /** KPI ids shown first and used in the subject, most important first (3–4). */
  headline: string[];
  checks: Check[];
  /**
   * KPIs computed from this report's own findings (e.g. open security findings): a value with what it covered, or
   * missing with the reason when the checks had nothing to inspect (a count of findings over nothing is no zero).
   */
  derived?: (findings: Finding[], ctx: CheckContext) => DerivedKpi[];
}

/** The roles a run knows: built in, plus any a caller registers (a test adds a sixth this way). */
export class RoleRegistry {
  private readonly byId = new Map<string, RoleDefinition>();
  constructor(defs: readonly RoleDefinition[]) {
    for (const d of defs) {
      if (!/^[a-z][a-z0-9-]*$/.test(d.id)) throw new Error(`role id "${d.id}" must be lower-case letters, digits and dashes`);
      if (this.byId.has(d.id)) throw new Error(`role "${d.id}" is registered twice`);
      this.byId.set(d.id, d);
    }
  }
  get ids(): string[] {
    return [...this.byId.keys()];
  }
  /** Every check id of every role: the rule ids data/policy.yaml may name. */
  get checkIds(): string[] {
    return [...new Set([...this.byId.values()].flatMap((d) => d.checks.map((c) => c.id)))];
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  get(id: string): RoleDefinition {
    const d = this.byId.get(id);
    if (!d) throw new UserError(`"${id}" is not a role: expected one of ${this.ids.join(", ")}`);
    return d;
  }
  label(id: string): string {
    return this.byId.get(id)?.label ?? id.toUpperCase();
  }
  /** A new registry with more roles (ids must be new). */
  with(...defs: RoleDefinition[]): RoleRegistry {
    return new RoleRegistry([...this.byId.values(), ...defs]);
  }
}
