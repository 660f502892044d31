/** Accounting: chart of accounts, revenue recognition, expense audit and bank reconciliation. */

import { check, type FindingDraft, usd } from "../check.js";
import { chartFromData } from "../facts.js";
import { possibleDuplicates, uncategorised, unusual } from "../finance/expense-audit.js";
import { cents, sum } from "../finance/money.js";
import { monthOf, recentMonthsWithData } from "../finance/months.js";
import { reconcile } from "../finance/reconcile.js";
import { deferredAt } from "../finance/revenue.js";
import type { RoleDefinition } from "../role.js";
import { booksGap, revenueCoverage, scopeIds } from "./common.js";

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
  sale: "Revenue on the delivery date; deferred until then if paid in advance",
  service: "Revenue when the service is completed",
  subscription: "Revenue rateably over the subscription term",
} as const;

export const revenueRecognition = check({
  id: "revenue-recognition",
  needs: ["revenue", "accounts", "portfolio"],
  kpis: ["deferred-revenue"],
  run({ revenue, accounts, portfolio }, ctx) {
    const end = ctx.snapshot.period.endDate;
    const unknown =
      revenueCoverage({ portfolio, revenue }).unknown ?? booksGap(ctx, end, `the balance at the end of ${ctx.snapshot.period.label}`);
    if (unknown) return { kpis: [{ id: "deferred-revenue", missing: unknown }] };
    const held = deferredAt(revenue.revenue, end);
    const streams = new Map<string, { entity: string; stream: string; kinds: Set<string>; deferred: number; records: number }>();
    for (const r of revenue.revenue.filter((x) => x.date < end)) {
      const k = `${r.entity}|${r.stream}`;
      const s = streams.get(k) ?? { entity: r.entity, stream: r.stream, kinds: new Set<string>(), deferred: 0, records: 0 };
      s.kinds.add(r.kind);
      s.records++;
      s.deferred = cents(s.deferred + (held.find((h) => h.record === r)?.deferred ?? 0));
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
    const deferred = sum(held.map((h) => h.deferred));
    // Evidence lists exactly what the figure counts: payments received before the period end for later services.
    const findings: FindingDraft[] =
      deferred > 0 && !accounts.accounts.some((a) => a.kind === "accounting")
        ? [
            {
              entity: "portfolio",
              severity: "medium",
              title: `${usd(deferred)} received for services not yet delivered, with no deferred-revenue account`,
              evidence: held.map(
                (h) => `${h.record.id}: ${usd(h.deferred)} received ${h.record.date} for ${h.record.serviceDate ?? h.record.date}`,
              ),
              recommendation: "Book payments received in advance to 2400 Deferred revenue. Release each to revenue on its service date.",
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
          source: `${ctx.source("revenue")} (received before ${end} for later services)`,
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
    const booked = expenses.expenses.filter((e) => e.date < ctx.snapshot.period.endDate);
    // Counts over no expense at all would be a reassuring 0 about nothing.
    if (!booked.length) {
      const missing = `no expense records before the end of ${ctx.snapshot.period.label} in ${src}`;
      return {
        kpis: [
          { id: "uncategorized-expenses", missing },
          { id: "possible-duplicates", missing },
        ],
      };
    }
    const un = uncategorised(booked);
    const dups = possibleDuplicates(booked);
    const odd = unusual(booked);
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
      sections: [byCategory(booked, ctx.snapshot.period.endDate, src)],
    };
  },
});

/** Expenses by category for the last complete months: where the money goes, month by month. */
function byCategory(booked: { date: string; category: string; amount: number }[], endDate: string, source: string) {
  const months = recentMonthsWithData(
    booked.map((e) => e.date),
    endDate,
    3,
  );
  const cats = [...new Set(booked.filter((e) => months.includes(monthOf(e.date))).map((e) => e.category.trim().toLowerCase()))].sort();
  const rows = cats.map((c) => {
    const row: Record<string, string | number | null> = { category: c };
    for (const m of months)
      row[m] = sum(booked.filter((e) => monthOf(e.date) === m && e.category.trim().toLowerCase() === c).map((e) => e.amount));
    row.average = cents(sum(months.map((m) => row[m] as number)) / Math.max(1, months.length));
    return row;
  });
  rows.sort((a, b) => (b.average as number) - (a.average as number));
  return {
    id: "expenses-by-category",
    title: "Expense audit by category",
    intro: `Expenses booked per category over ${months.join(", ") || "no complete month"}, largest first.`,
    columns: [
      { key: "category", label: "Category" },
      ...months.map((m) => ({ key: m, label: m, unit: "usd" as const })),
      { key: "average", label: "Average / month", unit: "usd" as const },
    ],
    rows,
    chart: { label: "category", value: "average", unit: "usd" as const },
    source,
  };
}

export const reconciliation = check({
  id: "bank-reconciliation",
  needs: ["revenue", "expenses", "bank", "accounts", "portfolio"],
  kpis: ["unreconciled-months"],
  run({ revenue, expenses, bank, accounts, portfolio }, ctx) {
    // Only accounts the scope owns: a shared account's other lines belong to entities outside this report.
    const scope = scopeIds(portfolio);
    const banks = new Set(accounts.accounts.filter((a) => a.kind === "bank" && scope.has(a.entity)).map((a) => a.id));
    const end = ctx.snapshot.period.endDate;
    const all = bank.transactions.filter((t) => banks.has(t.account) && t.date < end);
    // An account with no statement lines at all cannot be reconciled: it is named, not counted as unreconciled.
    const noLines = [...banks].filter((a) => !all.some((t) => t.account === a));
    for (const a of noLines) banks.delete(a);
    const lines = all;
    const src = ctx.source("revenue", "expenses", "bank");
    if (!lines.length)
      return {
        kpis: [
          {
            id: "unreconciled-months",
            missing: noLines.length
              ? `no bank statement lines before ${end} in ${ctx.source("bank")} for ${noLines.join(", ")}`
              : "no bank account in scope",
          },
        ],
      };
    const books = [
      ...revenue.revenue.filter((r) => banks.has(r.account)).map((r) => ({ id: r.id, account: r.account, date: r.date, amount: r.amount })),
      ...expenses.expenses
        .filter((e) => banks.has(e.account))
        .map((e) => ({ id: e.id, account: e.account, date: e.date, amount: -e.amount, ref: e.ref })),
    ].filter((b) => b.date < end);
    const result = reconcile(books, lines, end);
    const bad = result.filter((r) => r.status === "unreconciled");
    const pending = result.flatMap((r) => r.inTransit);
    return {
      kpis: [
        {
          id: "unreconciled-months",
          value: bad.length,
          source: `${src}${noLines.length ? ` (no statement lines for ${noLines.join(", ")})` : ""}`,
          asOf: ctx.asOf("bank", "revenue", "expenses"),
        },
      ],
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
          intro: `Lines match on account and amount within 3 days, across month ends.${pending.length ? ` In transit at ${end}: ${pending.join(", ")}.` : ""}${noLines.length ? ` No statement lines for ${noLines.join(", ")}: not reconciled.` : ""}`,
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
