/** Accounting: chart of accounts, revenue recognition, expense audit and bank reconciliation. */

import { check, type FindingDraft, usd } from "../check.js";
import { chartFromData } from "../facts.js";
import { possibleDuplicates, uncategorised, unusual } from "../finance/expense-audit.js";
import { sum } from "../finance/money.js";
import { reconcile } from "../finance/reconcile.js";
import type { RoleDefinition } from "../role.js";

export const chart = check({
  id: "chart-of-accounts",
  needs: ["accounts", "revenue", "expenses"],
  run({ accounts, revenue, expenses }, ctx) {
    const coa = chartFromData(accounts, revenue, expenses);
    return {
      sections: [
        {
          id: "chart-of-accounts",
          title: "Chart of accounts",
          intro: `${coa.length} accounts derived from the bank and payment accounts, revenue streams and expense categories in use.`,
          columns: [
            { key: "code", label: "Code" },
            { key: "name", label: "Account" },
            { key: "type", label: "Type" },
            { key: "basis", label: "Derived from" },
          ],
          rows: coa.map((c) => ({ ...c })),
          source: ctx.source("accounts", "revenue", "expenses"),
        },
      ],
    };
  },
});

const METHOD = {
  deposit: "Deferred revenue (liability) until the service date, then revenue",
  balance: "Revenue on the service date",
  sale: "Revenue on the event date; deferred until then if sold in advance",
  service: "Revenue when the job is completed",
  subscription: "Revenue rateably over the subscription term",
} as const;

export const revenueRecognition = check({
  id: "revenue-recognition",
  needs: ["revenue", "accounts"],
  kpis: ["deferred-revenue"],
  run({ revenue, accounts }, ctx) {
    const end = ctx.snapshot.period.end.slice(0, 10);
    const streams = new Map<string, { entity: string; stream: string; kinds: Set<string>; deferred: number; records: number }>();
    for (const r of revenue.revenue) {
      const k = `${r.entity}|${r.stream}`;
      const s = streams.get(k) ?? { entity: r.entity, stream: r.stream, kinds: new Set<string>(), deferred: 0, records: 0 };
      s.kinds.add(r.kind);
      s.records++;
      if (r.kind === "deposit" && r.date < end && (r.serviceDate ?? "") >= end) s.deferred += r.amount;
      streams.set(k, s);
    }
    const rows = [...streams.values()].map((s) => ({
      entity: ctx.entityName(s.entity),
      stream: s.stream,
      records: s.records,
      method: [...s.kinds]
        .sort()
        .map((k) => `${k}: ${METHOD[k as keyof typeof METHOD]}`)
        .join("; "),
      deferred: s.deferred,
    }));
    const deferred = sum(rows.map((r) => r.deferred));
    const findings: FindingDraft[] =
      deferred > 0 && !accounts.accounts.some((a) => a.kind === "accounting")
        ? [
            {
              entity: "portfolio",
              severity: "medium",
              title: `${usd(deferred)} of deposits are held for future services with no deferred-revenue account`,
              evidence: revenue.revenue
                .filter((r) => r.kind === "deposit" && (r.serviceDate ?? "") >= end)
                .map((r) => `${r.id}: ${usd(r.amount)} received ${r.date} for ${r.serviceDate}`),
              recommendation: "Book deposits to 2400 Deferred revenue. Release them to revenue on the charter date.",
              impactUsdPerMonth: null,
              sources: [ctx.source("revenue")],
            },
          ]
        : [];
    return {
      kpis: [
        {
          id: "deferred-revenue",
          value: deferred,
          source: `${ctx.source("revenue")} (deposits with a later service date)`,
          asOf: ctx.asOf("revenue"),
        },
      ],
      findings,
      sections: [
        {
          id: "revenue-recognition",
          title: "Revenue recognition by stream",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "stream", label: "Stream" },
            { key: "records", label: "Records", unit: "count" },
            { key: "method", label: "Recognition" },
            { key: "deferred", label: "Deferred now", unit: "usd" },
          ],
          rows,
          source: ctx.source("revenue"),
        },
      ],
    };
  },
});

export const expenseAudit = check({
  id: "expense-audit",
  needs: ["expenses"],
  kpis: ["uncategorized-expenses", "possible-duplicates"],
  run({ expenses }, ctx) {
    const src = ctx.source("expenses");
    const un = uncategorised(expenses.expenses);
    const dups = possibleDuplicates(expenses.expenses);
    const odd = unusual(expenses.expenses);
    // One finding per entity for uncategorised items and one per duplicate group, so a messy month is a few cards, not hundreds.
    const unByEntity = new Map<string, typeof un>();
    for (const e of un) unByEntity.set(e.entity, [...(unByEntity.get(e.entity) ?? []), e]);
    const findings: FindingDraft[] = [
      ...[...unByEntity].map(([entity, items]) => ({
        entity,
        severity: "medium" as const,
        title:
          items.length === 1
            ? `Uncategorised expense ${items[0]!.id}: ${usd(items[0]!.amount)} at ${items[0]!.vendor}`
            : `${items.length} uncategorised expenses, ${usd(items.reduce((a, e) => a + e.amount, 0))}`,
        evidence: [
          ...items.slice(0, 10).map((e) => `${e.id}: ${e.date} ${e.vendor} ${usd(e.amount)}, category "${e.category}"`),
          ...(items.length > 10 ? [`…and ${items.length - 10} more`] : []),
        ],
        recommendation: `Categorise ${items.length === 1 ? items[0]!.id : `these ${items.length} expenses`} and attach receipts.`,
        impactUsdPerMonth: null,
        sources: [src],
      })),
      ...dups.map((group) => {
        const [a, ...rest] = group as [(typeof group)[number], ...typeof group];
        return {
          entity: a.entity,
          key: a.id,
          severity: "high" as const,
          title:
            group.length === 2
              ? `Possible duplicate: ${a.id} and ${rest[0]!.id} (${usd(a.amount)} ${a.vendor})`
              : `Possible duplicates: ${group.length} expenses of ${usd(a.amount)} at ${a.vendor} (${a.id} … ${group.at(-1)!.id})`,
          evidence: [
            `${group
              .slice(0, 10)
              .map((e) => `${e.id} on ${e.date}`)
              .join(
                ", ",
              )}${group.length > 10 ? ` …and ${group.length - 10} more` : ""}: same vendor and amount, each within 3 days of the last`,
          ],
          recommendation: `Check ${rest.length === 1 ? rest[0]!.id : `the ${rest.length} later entries`} against the bank statement. Delete what was entered twice.`,
          impactUsdPerMonth: rest.reduce((x, e) => x + e.amount, 0),
          sources: [src],
        };
      }),
      ...odd.map(({ expense: e, median }) => ({
        entity: e.entity,
        key: e.id,
        severity: "low" as const,
        title: `Unusual ${e.category} expense ${e.id}: ${usd(e.amount)} (median ${usd(median)})`,
        evidence: [`${e.date} ${e.vendor}: ${e.memo || "no memo"}`],
        recommendation: `Confirm ${e.id} was approved. Capitalise it if it is an asset.`,
        impactUsdPerMonth: null,
        sources: [src],
      })),
    ];
    const asOf = ctx.asOf("expenses");
    return {
      kpis: [
        { id: "uncategorized-expenses", value: un.length, source: src, asOf },
        { id: "possible-duplicates", value: dups.length, source: src, asOf },
      ],
      findings,
    };
  },
});

export const reconciliation = check({
  id: "bank-reconciliation",
  needs: ["revenue", "expenses", "bank", "accounts"],
  kpis: ["unreconciled-months"],
  run({ revenue, expenses, bank, accounts }, ctx) {
    const banks = new Set(accounts.accounts.filter((a) => a.kind === "bank").map((a) => a.id));
    const books = [
      ...revenue.revenue.filter((r) => banks.has(r.account)).map((r) => ({ id: r.id, account: r.account, date: r.date, amount: r.amount })),
      ...expenses.expenses
        .filter((e) => banks.has(e.account))
        .map((e) => ({ id: e.id, account: e.account, date: e.date, amount: -e.amount })),
    ];
    const end = ctx.snapshot.period.end.slice(0, 10);
    const result = reconcile(
      books.filter((b) => b.date < end),
      bank.transactions.filter((t) => banks.has(t.account) && t.date < end),
    );
    const bad = result.filter((r) => r.status === "unreconciled");
    const src = ctx.source("revenue", "expenses", "bank");
    return {
      kpis: [{ id: "unreconciled-months", value: bad.length, source: src, asOf: ctx.asOf("bank", "revenue", "expenses") }],
      findings: bad.map((r) => ({
        entity: accounts.accounts.find((a) => a.id === r.account)?.entity ?? "portfolio",
        key: `${r.account}:${r.month}`,
        severity: "medium" as const,
        title: `${r.account} ${r.month} does not reconcile (difference ${usd(r.difference)})`,
        evidence: [
          ...(r.unmatchedBooks.length ? [`in the books, not the bank: ${r.unmatchedBooks.join(", ")}`] : []),
          ...(r.unmatchedBank.length ? [`in the bank, not the books: ${r.unmatchedBank.join(", ")}`] : []),
        ],
        recommendation: `Reconcile ${r.account} for ${r.month}: book or explain each unmatched line.`,
        impactUsdPerMonth: null,
        sources: [src],
      })),
      sections: [
        {
          id: "reconciliation",
          title: "Reconciliation of books to bank, by month",
          columns: [
            { key: "account", label: "Account" },
            { key: "month", label: "Month" },
            { key: "matched", label: "Matched", unit: "count" },
            { key: "unmatched", label: "Unmatched", unit: "count" },
            { key: "difference", label: "Difference", unit: "usd" },
            { key: "status", label: "Status" },
          ],
          rows: result.map((r) => ({
            account: r.account,
            month: r.month,
            matched: r.matched,
            unmatched: r.unmatchedBooks.length + r.unmatchedBank.length,
            difference: r.difference,
            status: r.status,
          })),
          source: src,
        },
      ],
    };
  },
});

export const accounting: RoleDefinition = {
  id: "accounting",
  label: "Accounting",
  headline: ["unreconciled-months", "uncategorized-expenses", "possible-duplicates", "deferred-revenue"],
  title: "Accounting report: compliance and audit trail",
  checks: [chart, revenueRecognition, expenseAudit, reconciliation],
};
