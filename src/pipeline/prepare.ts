/** Everything a run validates before it writes anything: data/, the audiences, and which reports to make. */
import path from "node:path";
import type { RoleRegistry } from "../analyse/role.js";
import type { AuditLog } from "../audit/audit-log.js";
import { type Audience, loadAudiences } from "../config/audiences.js";
import { loadDataDir } from "../config/load.js";
import type { Inventory } from "../config/schema.js";
import { UserError } from "../shared/errors.js";
import { CADENCE_KIND, parsePeriod, periodKind } from "../shared/period.js";
import { explicitEntries, type PlanEntry, plan } from "./plan.js";
import type { Selection } from "./types.js";

export interface Prepared {
  inventory: Inventory;
  audiences: Audience[];
}

/** Loads and validates data/ and the audiences; throws one UserError listing every problem. */
export async function prepare(dataDir: string, roles: RoleRegistry): Promise<Prepared> {
  const inventory = await loadDataDir(dataDir, { roles: roles.ids, checks: roles.checkIds });
  const audiences = await loadAudiences(dataDir, { roles: roles.ids, roleLabel: (r) => roles.label(r), portfolio: inventory.portfolio });
  return { inventory, audiences };
}

/** The audiences a selection names (all of them when it names none), checked against the file. */
export function selectAudiences(all: Audience[], select: Selection, dataDir: string): Audience[] {
  const file = path.join(dataDir, "audiences.yaml");
  const known = new Set(all.map((a) => a.id));
  const unknown = (select.audiences ?? []).filter((a) => !known.has(a));
  if (unknown.length) {
    throw new UserError(`--audience: ${unknown.map((u) => `"${u}"`).join(", ")} not in ${file} — expected one of ${[...known].join(", ")}`);
  }
  const roles = new Set(all.map((a) => a.role));
  const badRoles = (select.roles ?? []).filter((r) => !roles.has(r));
  if (badRoles.length) {
    throw new UserError(
      `--role: no audience in ${file} has role ${badRoles.map((r) => `"${r}"`).join(", ")} — roles with audiences: ${[...roles].join(", ")}`,
    );
  }
  return all.filter((a) => (!select.audiences || select.audiences.includes(a.id)) && (!select.roles || select.roles.includes(a.role)));
}

/**
 * The reports to make. With a period or named audiences: exactly those (the claim then skips what was sent).
 * Otherwise the plan: every audience due at `now` that has not been sent, with catch-up.
 */
export async function entriesFor(
  audiences: Audience[],
  select: Selection,
  now: Date,
  audit: AuditLog,
  treatRenderedAsDone: boolean,
): Promise<PlanEntry[]> {
  if (select.period) {
    parsePeriod(select.period);
    const kind = periodKind(select.period)!;
    const matching = audiences.filter((a) => CADENCE_KIND[a.cadence] === kind);
    const wrong = audiences.filter((a) => CADENCE_KIND[a.cadence] !== kind);
    if (select.audiences && wrong.length) {
      throw new UserError(
        `--period ${select.period} is a ${kind}, but ${wrong.map((a) => `${a.id} is ${a.cadence}`).join(", ")} — name a period of that cadence`,
      );
    }
    return explicitEntries(matching, now, select.period);
  }
  if (select.audiences) return explicitEntries(audiences, now);
  const done = new Set(["sent", ...(treatRenderedAsDone ? ["rendered"] : [])]);
  return plan(audiences, now, async (ids) => {
    const st = await audit.statuses(ids);
    return new Set([...st].filter(([, s]) => done.has(s)).map(([id]) => id));
  });
}
