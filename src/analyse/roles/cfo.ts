/** CFO: cash, burn, runway, break-even and the road to profitability. */

import { addDays } from "../../shared/period.js";
import { check, usd } from "../check.js";
import { breakEvens, chartFromData, unitsSold } from "../facts.js";
import { burnRange, monthlyNet, recentCompleteMonths, runwayMonths } from "../finance/burn.js";
import { cents, sum } from "../finance/money.js";
import type { RoleDefinition } from "../role.js";

export const cash = check({
  id: "cash",
  needs: ["accounts"],
  kpis: ["cash"],
  run({ accounts }, ctx) {
    const banks = accounts.accounts.filter((a) => a.kind === "bank" && a.balance !== undefined);
    if (!banks.length) return { kpis: [{ id: "cash", missing: "no bank account with a balance in accounts.yaml" }] };
    const asOf = banks.map((b) => b.balanceAsOf ?? ctx.asOf("accounts")).sort()[0]!;
    return {
      kpis: [
        { id: "cash", value: sum(banks.map((b) => b.balance!)), source: `${ctx.source("accounts")} (${banks.length} bank balances)`, asOf },
      ],
    };
  },
});

export const burn = check({
  id: "burn",
  needs: ["revenue", "expenses", "accounts"],
  kpis: ["burn-low", "burn-high", "runway"],
  run({ revenue, expenses, accounts }, ctx) {
    const months = recentCompleteMonths([...revenue.revenue, ...expenses.expenses], ctx.snapshot.period.end, 3);
    const total = monthlyNet(revenue.revenue, expenses.expenses, months);
    const range = burnRange(total);
    const src = `${ctx.source("revenue", "expenses")} (${months.join(", ") || "no complete month"})`;
    const asOf = ctx.asOf("revenue", "expenses");
    if (!range) {
      return {
        kpis: ["burn-low", "burn-high", "runway"].map((id) => ({
          id,
          missing: "no complete month of revenue or expense records before the period",
        })),
      };
    }
    const entities = [...new Set([...revenue.revenue, ...expenses.expenses].map((r) => r.entity))].sort();
    const rows: Record<string, string | number | null>[] = [];
    for (const e of entities) {
      const net = monthlyNet(revenue.revenue, expenses.expenses, months, e);
      const cats = new Map<string, number>();
      for (const x of expenses.expenses.filter((x) => x.entity === e && months.some((m) => x.date.startsWith(m))))
        cats.set(x.category, cents((cats.get(x.category) ?? 0) + x.amount));
      const top = [...cats]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([c, a]) => `${c} ${usd(cents(a / months.length))}`);
      const r = burnRange(net)!;
      rows.push({ entity: ctx.entityName(e), low: r.low, high: r.high, average: r.average, topCategories: top.join(", ") });
    }
    const banks = accounts.accounts.filter((a) => a.kind === "bank" && a.balance !== undefined);
    const cashNow = sum(banks.map((b) => b.balance!));
    const runway = runwayMonths(cashNow, range.average);
    const findings = [];
    if (range.average > 0 && Number.isFinite(runway) && runway < 12) {
      findings.push({
        entity: "portfolio",
        severity: runway < 6 ? ("critical" as const) : ("high" as const),
        title: `Runway is ${runway} months at the current burn`,
        evidence: [`cash ${usd(cashNow)}`, `net burn ${usd(range.low)}–${usd(range.high)} a month (${months.join(", ")})`],
        recommendation: `Cut or fund ${usd(range.average)} of monthly burn. Start with the entities whose profit is most negative.`,
        impactUsdPerMonth: range.average,
        sources: [ctx.source("accounts", "revenue", "expenses")],
      });
    }
    return {
      kpis: [
        { id: "burn-low", value: range.low, source: src, asOf },
        { id: "burn-high", value: range.high, source: src, asOf },
        banks.length
          ? {
              id: "runway",
              value: runway,
              source: `${ctx.source("accounts")} cash ÷ average net burn`,
              asOf: ctx.asOf("accounts", "revenue", "expenses"),
            }
          : { id: "runway", missing: "no bank balance in accounts.yaml" },
      ],
      findings,
      sections: [
        {
          id: "burn-by-month",
          title: "Net burn by month",
          intro: "Expenses minus revenue; positive means cash out.",
          columns: [
            { key: "month", label: "Month" },
            { key: "revenue", label: "Revenue", unit: "usd" },
            { key: "expenses", label: "Expenses", unit: "usd" },
            { key: "netBurn", label: "Net burn", unit: "usd" },
          ],
          rows: total.map((t) => ({ ...t })),
          chart: { label: "month", value: "netBurn", unit: "usd" },
          source: src,
        },
        {
          id: "burn-by-entity",
          title: "Monthly burn by entity (range over recent months)",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "low", label: "Low", unit: "usd" },
            { key: "high", label: "High", unit: "usd" },
            { key: "average", label: "Average", unit: "usd" },
            { key: "topCategories", label: "Largest categories (per month)" },
          ],
          rows,
          source: src,
        },
      ],
      summary: [`Net burn ranged ${usd(range.low)}–${usd(range.high)} a month over ${months.join(", ")}.`],
    };
  },
});

export const breakEvenCheck = check({
  id: "break-even",
  needs: ["costs", "revenue", "expenses"],
  kpis: ["gross-margin", "break-even-jada"],
  run({ costs, revenue, expenses }, ctx) {
    const bes = breakEvens(costs);
    const months = recentCompleteMonths([...revenue.revenue, ...expenses.expenses], ctx.snapshot.period.end, 3);
    const src = ctx.source("costs");
    const asOf = ctx.asOf("costs");
    const rows = bes.map((b) => {
      const sold = months.length
        ? Math.round((sum(months.map((m) => unitsSold(revenue.revenue, b.entity, m))) / months.length) * 10) / 10
        : null;
      return {
        entity: ctx.entityName(b.entity),
        entityId: b.entity,
        unit: b.unit,
        price: b.price,
        variableCost: b.variableCost,
        contribution: b.contribution,
        fixed: b.fixedMonthly,
        breakEven: b.unitsPerMonth,
        sold,
        capacity: b.capacity,
      };
    });
    const findings = rows
      .filter((r) => r.breakEven !== null && r.sold !== null && r.sold < r.breakEven)
      .map((r) => {
        const gap = Math.round(((r.breakEven as number) - (r.sold as number)) * 10) / 10;
        return {
          entity: r.entityId,
          severity: "high" as const,
          title: `${r.entity} sells ${r.sold} ${r.unit}s a month; break-even is ${r.breakEven}`,
          evidence: [
            `${usd(r.fixed)} fixed ÷ ${usd(r.contribution)} contribution per ${r.unit} = ${r.breakEven}`,
            `average ${r.sold} a month over ${months.join(", ")}`,
          ],
          recommendation: `Add ${Math.ceil(gap)} ${r.unit}${Math.ceil(gap) === 1 ? "" : "s"} a month. Fill the gap through the best OTA channel and the contact list.`,
          impactUsdPerMonth: cents(gap * r.contribution),
          sources: [ctx.source("costs", "revenue")],
        };
      });
    const priced = bes.filter((b) => b.price > 0);
    const weighted = priced.length
      ? Math.round((sum(priced.map((b) => b.contribution)) / sum(priced.map((b) => b.price))) * 1000) / 10
      : null;
    const jada = bes.find((b) => b.entity === "jada");
    return {
      kpis: [
        weighted === null
          ? { id: "gross-margin", missing: "no unit economics in costs.yaml" }
          : { id: "gross-margin", value: weighted, source: src, asOf },
        jada?.unitsPerMonth
          ? { id: "break-even-jada", value: jada.unitsPerMonth, source: `${src} (jada fixed ÷ contribution)`, asOf }
          : { id: "break-even-jada", missing: "no unit economics for jada in costs.yaml" },
      ],
      findings,
      sections: [
        {
          id: "break-even",
          title: "Break-even per entity",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "unit", label: "Unit" },
            { key: "price", label: "Price", unit: "usd" },
            { key: "contribution", label: "Contribution", unit: "usd" },
            { key: "fixed", label: "Fixed / month", unit: "usd" },
            { key: "breakEven", label: "Break-even units", unit: "count" },
            { key: "sold", label: "Sold / month", unit: "count" },
          ],
          rows: rows.map(({ entityId: _e, capacity: _c, variableCost: _v, ...r }) => r),
          source: ctx.source("costs", "revenue"),
        },
      ],
    };
  },
});

export const roadmap = check({
  id: "profitability-roadmap",
  needs: ["costs", "revenue", "accounts"],
  run({ costs, revenue, accounts }, ctx) {
    const start = ctx.snapshot.period.end.slice(0, 10);
    const last = [...new Set(revenue.revenue.map((r) => r.date.slice(0, 7)))]
      .sort()
      .filter((m) => m < start.slice(0, 7))
      .at(-1);
    const rows: Record<string, string | number | null>[] = [];
    if (!accounts.accounts.some((a) => a.kind === "accounting"))
      rows.push({
        date: addDays(start, 14),
        milestone: "Accounting system live; October and November books closed",
        measure: "books reconciled to bank",
      });
    let offset = 30;
    for (const b of breakEvens(costs).filter((x) => x.unitsPerMonth !== null)) {
      const sold = last ? unitsSold(revenue.revenue, b.entity, last) : 0;
      const gap = Math.max(0, (b.unitsPerMonth as number) - sold);
      if (gap === 0) continue;
      // One more unit a month per month of work: the ramp assumption is stated in the section intro.
      const days = 30 * gap;
      rows.push({
        date: addDays(start, days),
        milestone: `${ctx.entityName(b.entity)} at break-even: ${b.unitsPerMonth} ${b.unit}s a month`,
        measure: `from ${sold} in ${last ?? "n/a"}`,
      });
      offset = Math.max(offset, days);
    }
    rows.push({ date: addDays(start, offset + 30), milestone: "Portfolio cash-flow positive for a full month", measure: "net burn ≤ $0" });
    rows.sort((a, b) => String(a.date).localeCompare(String(b.date)));
    return {
      sections: [
        {
          id: "roadmap",
          title: "Milestones to profitability",
          intro: "Dates assume one more unit sold each month per entity, starting from the last month on record.",
          columns: [
            { key: "date", label: "By" },
            { key: "milestone", label: "Milestone" },
            { key: "measure", label: "Measured by" },
          ],
          rows,
          source: ctx.source("costs", "revenue", "accounts"),
        },
      ],
    };
  },
});

export const accountingSystem = check({
  id: "accounting-system",
  needs: ["accounts", "revenue", "expenses"],
  run({ accounts, revenue, expenses }, ctx) {
    if (accounts.accounts.some((a) => a.kind === "accounting")) return {};
    const chart = chartFromData(accounts, revenue, expenses);
    return {
      findings: [
        {
          entity: "portfolio",
          severity: "critical" as const,
          title: "No accounting system exists",
          evidence: [
            `${accounts.accounts.length} accounts on record, none of kind "accounting"`,
            `${revenue.revenue.length} revenue and ${expenses.expenses.length} expense records kept in files`,
          ],
          recommendation: `Open an accounting system with the proposed ${chart.length}-account chart below. Connect the bank feeds.`,
          impactUsdPerMonth: null,
          sources: [ctx.source("accounts")],
        },
      ],
      sections: [
        {
          id: "proposed-chart-of-accounts",
          title: "Proposed chart of accounts",
          columns: [
            { key: "code", label: "Code" },
            { key: "name", label: "Account" },
            { key: "type", label: "Type" },
          ],
          rows: chart.map((c) => ({ code: c.code, name: c.name, type: c.type })),
          source: ctx.source("accounts", "revenue", "expenses"),
        },
      ],
    };
  },
});

export const deferredRevenue = check({
  id: "deferred-revenue",
  needs: ["revenue"],
  kpis: ["deferred-revenue"],
  run({ revenue }, ctx) {
    const end = ctx.snapshot.period.end.slice(0, 10);
    const held = revenue.revenue.filter((r) => r.kind === "deposit" && r.date < end && (r.serviceDate ?? "") >= end);
    return {
      kpis: [
        {
          id: "deferred-revenue",
          value: sum(held.map((r) => r.amount)),
          source: `${ctx.source("revenue")} (${held.length} deposits for later dates)`,
          asOf: ctx.asOf("revenue"),
        },
      ],
    };
  },
});

export const cfo: RoleDefinition = {
  id: "cfo",
  label: "CFO",
  headline: ["runway", "cash", "burn-high", "deferred-revenue"],
  title: "CFO report: financial controls and burn",
  checks: [cash, burn, breakEvenCheck, roadmap, accountingSystem, deferredRevenue],
};
