/**
 * Cash on hand for a set of entities. An entity's cash is the balance of its own bank accounts plus its share of any
 * shared account that carries an allocation rule. When an entity pays from an account it neither owns nor has a
 * share of, its cash is unknown: the figure is missing with that reason, never a false zero.
 */
import { sum } from "./money.js";

export interface CashAccount {
  id: string;
  entity: string;
  kind: string;
  balance?: number;
  balanceAsOf?: string;
  allocation?: Record<string, number>;
}

export type CashPosition =
  | { value: number; asOf: string | undefined; parts: { account: string; share: number; amount: number }[] }
  | { missing: string };

/** The share (0–1) of an account's balance that belongs to the given entities. */
export function shareOf(a: CashAccount, entities: ReadonlySet<string>): number {
  if (a.allocation) return sum(Object.entries(a.allocation).map(([e, pct]) => (entities.has(e) ? pct : 0))) / 100;
  return entities.has(a.entity) ? 1 : 0;
}

/**
 * Cash of `entities` from the accounts in view. `paidFrom` lists the accounts their own revenue and expense records
 * use: a bank account among them (or one not in view) that gives them no share makes the figure missing.
 */
export function cashPosition(
  accounts: readonly CashAccount[],
  entities: ReadonlySet<string>,
  paidFrom: readonly { entity: string; account: string }[],
  entityName: (id: string) => string = (id) => id,
): CashPosition {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const banks = accounts.filter((a) => a.kind === "bank" && shareOf(a, entities) > 0);
  const unshared = new Map<string, Set<string>>();
  for (const p of paidFrom) {
    if (!entities.has(p.entity)) continue;
    const a = byId.get(p.account);
    if (a && (a.kind !== "bank" || shareOf(a, entities) > 0)) continue;
    unshared.set(p.account, (unshared.get(p.account) ?? new Set()).add(p.entity));
  }
  if (unshared.size) {
    const [account, who] = [...unshared][0]!;
    const owner = byId.get(account);
    return {
      missing: `${[...who].map(entityName).join(", ")} pay${who.size === 1 ? "s" : ""} from ${account}${owner ? ` (an account of ${entityName(owner.entity)})` : " (an account of another entity)"} with no allocation rule: add allocation: to ${account} in accounts.yaml to give ${who.size === 1 ? "it" : "them"} a share of its balance`,
    };
  }
  if (!banks.length) return { missing: "no bank account with a balance in accounts.yaml" };
  const noBalance = banks.filter((a) => a.balance === undefined);
  if (noBalance.length) return { missing: `no balance recorded for ${noBalance.map((a) => a.id).join(", ")} in accounts.yaml` };
  const parts = banks.map((a) => {
    const share = shareOf(a, entities);
    return { account: a.id, share, amount: Math.round(a.balance! * share * 100) / 100 };
  });
  const asOf = banks
    .map((a) => a.balanceAsOf)
    .filter((d): d is string => !!d)
    .sort()[0];
  return { value: sum(parts.map((p) => p.amount)), asOf, parts };
}
