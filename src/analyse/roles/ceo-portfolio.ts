import { check, usd } from "../check.js";
import { breakEvens } from "../facts.js";
import { monthlyFlows } from "../finance/burn.js";
import { sum } from "../finance/money.js";
import { recentMonthsWithData } from "../finance/months.js";

export const assetInventory = check({
  id: "asset-inventory",
  needs: ["portfolio", "repos", "listings", "accounts", "assets"],
  run({ portfolio, repos, listings, accounts, assets }, ctx) {
    const rows: Record<string, string | number | null>[] = [];
    for (const e of portfolio.entities) {
      for (const d of e.domains) rows.push({ entity: e.name, kind: "domain", name: d, detail: e.hosting });
      for (const s of e.services) rows.push({ entity: e.name, kind: "service", name: s.name, detail: `${s.kind}, auth ${s.auth}` });
    }
    for (const r of repos.repos)
      rows.push({
        entity: ctx.entityName(r.entity),
        kind: "repository",
        name: r.github ?? r.path ?? r.id,
        detail: r.github ? "GitHub" : r.path ? "local clone" : "recorded",
      });
    for (const l of listings.listings) rows.push({ entity: ctx.entityName(l.entity), kind: "listing", name: l.channel, detail: l.status });
    for (const a of accounts.accounts)
      rows.push({ entity: ctx.entityName(a.entity), kind: `account (${a.kind})`, name: a.provider, detail: a.purpose });
    for (const a of assets.assets)
      rows.push({
        entity: ctx.entityName(a.entity),
        kind: a.kind,
        name: a.name,
        detail: a.value === undefined ? "value not recorded" : usd(a.value),
      });
    const byKind = new Map<string, number>();
    for (const r of rows) {
      const kind = String(r.kind).split(" ")[0]!;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    return {
      sections: [
        {
          id: "asset-inventory",
          title: "Asset inventory",
          intro: `${rows.length} assets across ${portfolio.entities.length} entities: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(", ")}.`,
          columns: [
            { key: "entity", label: "Entity" },
            { key: "kind", label: "Kind" },
            { key: "name", label: "Asset" },
            { key: "detail", label: "Detail" },
          ],
          rows,
          source: ctx.source("portfolio", "repos", "listings", "accounts", "assets"),
        },
      ],
    };
  },
});

export const profitability = check({
  id: "profitability",
  needs: ["costs", "revenue", "expenses"],
  run({ costs, revenue, expenses }, ctx) {
    const months = recentMonthsWithData(
      [...revenue.revenue, ...expenses.expenses].map((r) => r.date),
      ctx.snapshot.period.endDate,
      3,
    );
    const rows = breakEvens(costs).map((b) => {
      const flows = monthlyFlows(revenue.revenue, expenses.expenses, months, b.entity);
      const avg = flows.length ? sum(flows.map((n) => n.revenue - n.cashOut)) / flows.length : null;
      return {
        entity: ctx.entityName(b.entity),
        unit: b.unit.unit,
        price: b.price,
        contribution: b.contribution,
        breakEven: b.unitsPerMonth,
        profit: avg === null ? null : Math.round(avg),
      };
    });
    return {
      sections: [
        {
          id: "profitability",
          title: "Profitability by entity",
          intro: `Average monthly profit (recognised revenue − expenses) over ${months.join(", ") || "no complete month"}; break-even is fixed costs ÷ contribution per unit.`,
          columns: [
            { key: "entity", label: "Entity" },
            { key: "unit", label: "Unit" },
            { key: "price", label: "Price", unit: "usd" },
            { key: "contribution", label: "Contribution", unit: "usd" },
            { key: "breakEven", label: "Break-even units/mo", unit: "count" },
            { key: "profit", label: "Avg monthly profit", unit: "usd" },
          ],
          rows,
          chart: { label: "entity", value: "profit", unit: "usd" },
          source: ctx.source("costs", "revenue", "expenses"),
        },
      ],
    };
  },
});
