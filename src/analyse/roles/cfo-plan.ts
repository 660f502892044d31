/** CFO checks about the way ahead: the dated roadmap to profitability and the books it needs. */
import { DateTime } from "luxon";
import { addDays } from "../../shared/period.js";
import { check } from "../check.js";
import { breakEvens, chartFromData, sellingEntities, units, unitsInMonth } from "../facts.js";
import { recentMonthsWithData } from "../finance/months.js";
import { lastMonth } from "./common.js";

/** "Nov 2026": a month as readers name it, formatted from data (never a literal month name). */
const monthLabel = (m: string) => DateTime.fromISO(`${m}-01`, { zone: "UTC" }).toFormat("LLL yyyy");

export const roadmap = check({
  id: "profitability-roadmap",
  needs: ["costs", "revenue", "expenses", "accounts", "portfolio"],
  run({ costs, revenue, expenses, accounts, portfolio }, ctx) {
    const start = ctx.snapshot.period.endDate;
    const last = lastMonth(ctx);
    const selling = sellingEntities(portfolio.entities);
    const untracked = selling.filter((e) => e.revenueTracking === "none" && !revenue.revenue.some((r) => r.entity === e.id));
    const rows: Record<string, string | number | null>[] = [];
    if (!accounts.accounts.some((a) => a.kind === "accounting")) {
      const open = recentMonthsWithData(
        [...revenue.revenue, ...expenses.expenses].map((r) => r.date),
        start,
        120,
      );
      const span = open.length ? (open.length === 1 ? monthLabel(open[0]!) : `${monthLabel(open[0]!)}–${monthLabel(open.at(-1)!)}`) : "";
      rows.push({
        date: addDays(start, 14),
        milestone: [
          "Accounting system live",
          ...(untracked.length ? [`revenue recorded for ${untracked.map((e) => e.name).join(", ")}`] : []),
          ...(span ? [`${span} books closed`] : []),
        ].join("; "),
        measure: "books reconciled to bank",
      });
    }
    let latest = 30;
    for (const b of breakEvens(costs).filter((x) => x.unitsPerMonth !== null)) {
      const e = selling.find((x) => x.id === b.entity);
      if (!e || untracked.includes(e)) continue;
      const sold = unitsInMonth(revenue.revenue, b.unit, last);
      const gap = Math.max(0, (b.unitsPerMonth as number) - sold);
      if (gap === 0) continue;
      // One more unit a month per month of work: the ramp assumption is stated in the section intro.
      const days = 30 * gap;
      rows.push({
        date: addDays(start, days),
        milestone: `${e.name} at break-even: ${units(b.unit, b.unitsPerMonth as number)} a month`,
        measure: `from ${sold} in ${monthLabel(last)}`,
      });
      latest = Math.max(latest, days);
    }
    rows.push({ date: addDays(start, latest + 30), milestone: "Portfolio cash-flow positive for a full month", measure: "net burn ≤ $0" });
    rows.sort((a, b) => String(a.date).localeCompare(String(b.date)));
    const end = DateTime.fromISO(String(rows.at(-1)!.date), { zone: "UTC" });
    const skipped = untracked.length
      ? ` ${untracked.map((e) => e.name).join(", ")} has no break-even date until its sales are recorded.`
      : "";
    return {
      sections: [
        {
          id: "roadmap",
          title: "Milestones to profitability",
          intro: `${rows.length} milestones from ${start} through ${end.year}-Q${end.quarter}. Dates assume one more unit sold each month per entity, starting from ${monthLabel(last)}.${skipped}`,
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
