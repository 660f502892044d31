/** CTO checks on AWS: spend by month and service, spend to date from CloudWatch billing, savings, Lambda errors. */
import { isPresent } from "../../collect/snapshot.js";
import type { Inventory } from "../../config/schema.js";
import { check, type FindingDraft, usd } from "../check.js";
import { cents, sum } from "../finance/money.js";
import { addMonths, lastCompleteMonth, monthOf } from "../finance/months.js";

/** AWS list prices used to price savings (us-west-2, on-demand, 2026). */
export const AWS_PRICES = {
  natGatewayHourUsd: 0.045,
  hoursPerMonth: 730,
  lambdaGbSecondUsd: 0.0000166667,
  cloudfrontGbUsd: 0.085,
  /** Share of text bytes saved by gzip/brotli on HTML, CSS and JS. */
  compressionSaving: 0.7,
} as const;

type Spend = Inventory["aws"]["spend"];

/** Months with spend records up to `last` (inclusive), oldest first. */
function spendMonths(spend: Spend, last: string): string[] {
  return [...new Set(spend.map((s) => s.month))].filter((m) => m <= last).sort();
}

const monthTotal = (spend: Spend, month: string) => cents(sum(spend.filter((x) => x.month === month).map((x) => x.amount)));

export const awsSpend = check({
  id: "aws-spend",
  needs: ["aws"],
  kpis: ["aws-spend"],
  run({ aws }, ctx) {
    const months = spendMonths(aws.spend, lastCompleteMonth(ctx.snapshot.period.endDate));
    const month = months.at(-1);
    if (!month) return { kpis: [{ id: "aws-spend", missing: "no AWS spend records for a complete month before the period end" }] };
    const byService = new Map<string, number>();
    for (const s of aws.spend.filter((x) => x.month === month)) byService.set(s.service, cents((byService.get(s.service) ?? 0) + s.amount));
    const rows = [...byService].sort((a, b) => b[1] - a[1]).map(([service, amount]) => ({ service, amount }));
    const recent = months.slice(-3).map((m) => ({ month: m, amount: monthTotal(aws.spend, m) }));
    const lo = Math.min(...recent.map((r) => r.amount));
    const hi = Math.max(...recent.map((r) => r.amount));
    return {
      kpis: [{ id: "aws-spend", value: sum(rows.map((r) => r.amount)), source: `${ctx.source("aws")} (${month})`, asOf: ctx.asOf("aws") }],
      sections: [
        {
          id: "aws-spend",
          title: `AWS spend by service, ${month}`,
          intro: `AWS cost ${usd(lo)}–${usd(hi)} a month over ${recent.map((r) => r.month).join(", ")}.`,
          columns: [
            { key: "service", label: "Service" },
            { key: "amount", label: "Spend", unit: "usd" },
          ],
          rows,
          chart: { label: "service", value: "amount", unit: "usd" },
          source: ctx.source("aws"),
        },
        {
          id: "aws-spend-by-month",
          title: "AWS spend by month",
          columns: [
            { key: "month", label: "Month" },
            { key: "amount", label: "Spend", unit: "usd" },
          ],
          rows: recent,
          chart: { label: "month", value: "amount", unit: "usd" },
          source: ctx.source("aws"),
        },
      ],
      summary: [`AWS spend ${usd(lo)}–${usd(hi)} a month over ${recent.map((r) => r.month).join(", ")}.`],
    };
  },
});

/** A month on course to cost this much more than the month before it is flagged. */
export const SPEND_GROWTH_ALERT = 1.25;

/**
 * Month-to-date charges from CloudWatch billing (AWS/Billing EstimatedCharges, cumulative within a month) on the last
 * date in the period with data, projected to the month's end against the month before in data/aws.yaml. Every value
 * carries its own date, so the figure depends on the data and the period only.
 */
export const awsSpendToDate = check({
  id: "aws-spend-to-date",
  needs: [],
  kpis: ["aws-spend-mtd"],
  run(_data, ctx) {
    const id = "aws-spend-mtd";
    const m = ctx.snapshot.metrics;
    if (!isPresent(m)) return { kpis: [{ id, missing: `${m.source}: ${m.missing}` }] };
    const series = m.value.filter((s) => s.namespace === "AWS/Billing" && s.metric === "EstimatedCharges");
    if (!series.length)
      return {
        kpis: [
          {
            id,
            missing: `no AWS/Billing EstimatedCharges series in ${m.source} (CloudWatch publishes them in us-east-1 once billing alerts are enabled in the account's Billing preferences)`,
          },
        ],
      };
    const date = series
      .flatMap((s) => s.points.filter((p) => p.value > 0).map((p) => p.date))
      .sort()
      .at(-1);
    if (!date) return { kpis: [{ id, missing: `AWS/Billing EstimatedCharges has no data points in ${ctx.snapshot.period.label}` }] };
    const on = (s: (typeof series)[number]) => s.points.find((p) => p.date === date)?.value ?? 0;
    const toDate = cents(sum(series.map(on)));
    const source = `${m.source} (AWS/Billing EstimatedCharges, ${date})`;
    const out = { kpis: [{ id, value: toDate, source, asOf: m.asOf }], findings: [] as FindingDraft[] };

    const aws = ctx.snapshot.datasets.aws;
    const prev = addMonths(monthOf(date), -1);
    if (!isPresent(aws) || !aws.value.spend.some((x) => x.month === prev)) return out;
    const last = monthTotal(aws.value.spend, prev);
    const day = Number(date.slice(8, 10));
    const [y, mo] = date.split("-").map(Number) as [number, number];
    const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const projected = cents((toDate / day) * daysInMonth);
    if (last > 0 && projected > last * SPEND_GROWTH_ALERT) {
      const top = series
        .map((s) => ({ service: s.dimension.replace(/^ServiceName=([^,]*).*$/, "$1"), amount: on(s) }))
        .sort((a, b) => b.amount - a.amount)
        .slice(0, 3);
      out.findings.push({
        entity: "portfolio",
        severity: "medium",
        title: `AWS spend is on course for ${usd(projected)} in ${monthOf(date)}, ${Math.round((projected / last - 1) * 100)}% above ${prev} (${usd(last)})`,
        evidence: [
          `${usd(toDate)} charged by ${date} (day ${day} of ${daysInMonth})`,
          `largest so far: ${top.map((t) => `${t.service} ${usd(t.amount)}`).join(", ")}`,
        ],
        recommendation:
          "Open Cost Explorer grouped by service and usage type for this month, find what grew, and set an AWS Budget alert at last month's spend.",
        impactUsdPerMonth: cents(projected - last),
        sources: [source, ctx.source("aws")],
      });
    }
    return out;
  },
});

/** Smallest standard Lambda memory size with 50% headroom over the observed peak. */
export function rightSizedMemory(maxUsedMb: number): number {
  const sizes = [128, 256, 512, 1024, 1536, 2048, 3008, 4096, 10240];
  return sizes.find((s) => s >= maxUsedMb * 1.5) ?? sizes.at(-1)!;
}

export const awsOptimisation = check({
  id: "aws-optimisation",
  needs: ["aws"],
  kpis: ["aws-savings"],
  run({ aws }, ctx) {
    const p = AWS_PRICES;
    const findings: FindingDraft[] = [];
    for (const n of aws.natGateways.filter((g) => g.gbProcessedPerMonth < 1)) {
      const saving = cents(n.hourlyUsd * n.hoursPerMonth);
      findings.push({
        entity: n.entity,
        key: n.id,
        severity: "medium",
        title: `Idle NAT gateway ${n.id}`,
        evidence: [`${n.gbProcessedPerMonth} GB processed a month; ${n.hoursPerMonth} hours a month at ${usd(n.hourlyUsd)}/hour`],
        recommendation: `Delete NAT gateway ${n.id} or replace it with VPC endpoints. Saves ${usd(saving)}/month.`,
        impactUsdPerMonth: saving,
        sources: [ctx.source("aws")],
      });
    }
    for (const l of aws.lambdas) {
      const target = rightSizedMemory(l.maxUsedMb);
      if (target >= l.memoryMb || l.memoryMb < l.maxUsedMb * 2) continue;
      const gbSeconds = (n: number) => l.invocationsPerMonth * (l.avgDurationMs / 1000) * (n / 1024);
      const saving = cents((gbSeconds(l.memoryMb) - gbSeconds(target)) * p.lambdaGbSecondUsd);
      findings.push({
        entity: l.entity,
        key: l.name,
        severity: "low",
        title: `Lambda ${l.name} has ${l.memoryMb} MB but peaks at ${l.maxUsedMb} MB`,
        evidence: [`${l.invocationsPerMonth.toLocaleString("en-US")} invocations × ${l.avgDurationMs} ms a month`],
        recommendation: `Set ${l.name} memory to ${target} MB (check its duration after). Saves ${usd(saving)}/month.`,
        impactUsdPerMonth: saving,
        sources: [ctx.source("aws")],
      });
    }
    for (const b of aws.buckets.filter((x) => !x.compression && x.servedVia !== "none")) {
      const saving = cents(b.monthlyTransferGb * (b.textTransferPct / 100) * p.compressionSaving * p.cloudfrontGbUsd);
      if (saving <= 0) continue;
      findings.push({
        entity: b.entity,
        key: b.name,
        severity: "low",
        title: `Uncompressed assets served from ${b.name}`,
        evidence: [`${b.monthlyTransferGb} GB/month via ${b.servedVia}, ${b.textTransferPct}% of it HTML/CSS/JS, compression off`],
        recommendation: `Turn on automatic compression for ${b.name}'s distribution. Saves about ${usd(saving)}/month.`,
        impactUsdPerMonth: saving,
        sources: [ctx.source("aws")],
      });
    }
    return {
      kpis: [
        {
          id: "aws-savings",
          value: sum(findings.map((f) => f.impactUsdPerMonth ?? 0)),
          source: `${ctx.source("aws")} priced at AWS list prices`,
          asOf: ctx.asOf("aws"),
        },
      ],
      findings,
    };
  },
});

export const lambdaErrors = check({
  id: "lambda-error-rate",
  needs: [],
  kpis: ["lambda-error-rate"],
  run(_data, ctx) {
    const m = ctx.snapshot.metrics;
    if (!isPresent(m)) return { kpis: [{ id: "lambda-error-rate", missing: `${m.source}: ${m.missing}` }] };
    const inv = sum(m.value.filter((s) => s.namespace === "AWS/Lambda" && s.metric === "Invocations").map((s) => s.total));
    const err = sum(m.value.filter((s) => s.namespace === "AWS/Lambda" && s.metric === "Errors").map((s) => s.total));
    if (inv === 0)
      return { kpis: [{ id: "lambda-error-rate", missing: `no Lambda invocations in the metrics for ${ctx.snapshot.period.label}` }] };
    const rate = Math.round((err / inv) * 10000) / 100;
    return { kpis: [{ id: "lambda-error-rate", value: rate, source: `${m.source} (AWS/Lambda Errors ÷ Invocations)`, asOf: m.asOf }] };
  },
});
