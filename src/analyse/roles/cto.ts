/** CTO: tech stack and security audit, AWS spend and optimisation. */
import { isPresent, type RepoFacts } from "../../collect/snapshot.js";
import type { Inventory } from "../../config/schema.js";
import { type CheckContext, check, type FindingDraft, usd } from "../check.js";
import { cents, sum } from "../finance/money.js";
import type { RoleDefinition } from "../role.js";

/** AWS list prices used to price savings (us-west-2, on-demand, 2026). */
export const AWS_PRICES = {
  natGatewayHourUsd: 0.045,
  hoursPerMonth: 730,
  lambdaGbSecondUsd: 0.0000166667,
  cloudfrontGbUsd: 0.085,
  /** Share of text bytes saved by gzip/brotli on HTML, CSS and JS. */
  compressionSaving: 0.7,
} as const;

const ENV_FILE = /(^|\/)\.env(\.[\w-]+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist)$/;

/** Repositories whose facts were collected, with the ones that could not be read listed separately. */
function repoFacts(ctx: CheckContext): { ok: RepoFacts[]; missing: string[] } {
  const ok: RepoFacts[] = [];
  const missing: string[] = [];
  for (const [name, f] of Object.entries(ctx.snapshot.repos)) {
    if (isPresent(f)) ok.push(f.value);
    else missing.push(`${name}: ${f.missing}`);
  }
  return { ok, missing };
}

function repoSource(ctx: CheckContext, repo: string): string {
  return ctx.snapshot.repos[repo]?.source ?? repo;
}

export const stackAudit = check({
  id: "stack-audit",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const rows = portfolio.entities.map((e) => {
      const open = e.services.filter(
        (s) => s.auth === "none" && s.kind !== "website" && s.kind !== "s3-website" && s.kind !== "cloudfront",
      );
      const risk = open.some((s) => s.handlesPayments)
        ? "high"
        : open.length > 0 || (e.stage !== "placeholder" && e.monitoring === "none" && e.services.length > 0)
          ? "medium"
          : "low";
      return {
        entity: e.name,
        stack: e.stack.join(", ") || "none",
        hosting: e.hosting,
        services: e.services.length,
        monitoring: e.monitoring,
        risk,
      };
    });
    return {
      sections: [
        {
          id: "stack-audit",
          title: "Stack audit by entity",
          intro:
            "Risk is high where an unauthenticated endpoint handles payments, medium where an endpoint is open or nothing is monitored.",
          columns: [
            { key: "entity", label: "Entity" },
            { key: "stack", label: "Stack" },
            { key: "hosting", label: "Hosting" },
            { key: "services", label: "Services", unit: "count" },
            { key: "monitoring", label: "Monitoring" },
            { key: "risk", label: "Risk" },
          ],
          rows,
          source: ctx.source("portfolio"),
        },
      ],
    };
  },
});

export const committedSecrets = check({
  id: "committed-secrets",
  needs: [],
  run(_data, ctx) {
    const { ok } = repoFacts(ctx);
    const unscanned = ok.filter((r) => !r.contentScanned).map((r) => r.repo);
    const findings: FindingDraft[] = ok.flatMap((r) =>
      r.secrets.map((s) => ({
        entity: r.entity,
        key: `${r.repo}/${s.file}:${s.rule}`,
        severity: "critical" as const,
        title: `Secret committed in ${r.repo}: ${s.file}`,
        evidence: [`${s.file}:${s.line} matches ${s.rule} (value not shown)`],
        recommendation: "Rotate the credential now, then remove it from the repository history. Keep it in a secret store.",
        impactUsdPerMonth: null,
        sources: [repoSource(ctx, r.repo)],
      })),
    );
    return {
      findings,
      summary: unscanned.length ? [`File contents not scanned for secrets (no clone or token): ${unscanned.join(", ")}.`] : [],
    };
  },
});

export const trackedEnvFiles = check({
  id: "tracked-env-files",
  needs: [],
  run(_data, ctx) {
    const findings: FindingDraft[] = repoFacts(ctx).ok.flatMap((r) => {
      const files = r.trackedFiles.filter((f) => ENV_FILE.test(f) && !ENV_TEMPLATE.test(f));
      return files.length
        ? [
            {
              entity: r.entity,
              key: r.repo,
              severity: "high" as const,
              title: `Env file tracked in git: ${r.repo}`,
              evidence: files.map((f) => `${f} is tracked`),
              recommendation: "Remove the env files from git and add them to .gitignore. Rotate every value they held.",
              impactUsdPerMonth: null,
              sources: [repoSource(ctx, r.repo)],
            },
          ]
        : [];
    });
    return { findings };
  },
});

const API_KINDS = new Set(["apps-script-webapp", "lambda-function-url", "api-gateway"]);

export const unauthenticatedEndpoints = check({
  id: "unauthenticated-endpoints",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings: FindingDraft[] = portfolio.entities.flatMap((e) =>
      e.services
        .filter((s) => API_KINDS.has(s.kind) && s.auth === "none")
        .map((s) => ({
          entity: e.id,
          key: s.name,
          severity: s.handlesPayments ? ("critical" as const) : ("high" as const),
          title: `Unauthenticated endpoint: ${e.name} ${s.name}`,
          evidence: [
            `${s.kind} at ${s.url} answers anyone (auth: none)`,
            s.handlesPayments ? "it handles payments" : "it does not handle payments",
          ],
          recommendation:
            s.kind === "apps-script-webapp"
              ? "Restrict the Apps Script web app to signed-in users or check a shared secret on every request."
              : "Require IAM or a signed token on the endpoint. Rate-limit it.",
          impactUsdPerMonth: null,
          sources: [ctx.source("portfolio")],
        })),
    );
    return { findings };
  },
});

export const cdnWithoutWaf = check({
  id: "cdn-without-waf",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings: FindingDraft[] = portfolio.entities.flatMap((e) =>
      e.services
        .filter((s) => s.kind === "cloudfront" && s.waf !== true)
        .map((s) => ({
          entity: e.id,
          key: s.name,
          severity: "medium" as const,
          title: `CDN without WAF: ${e.name} ${s.name}`,
          evidence: [`CloudFront distribution ${s.url} has no web ACL`],
          recommendation: "Attach an AWS WAF web ACL with the managed core rule set and a rate-based rule.",
          impactUsdPerMonth: null,
          sources: [ctx.source("portfolio")],
        })),
    );
    return { findings };
  },
});

export const corsPolicy = check({
  id: "cors-policy",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings: FindingDraft[] = portfolio.entities.flatMap((e) =>
      e.services
        .filter((s) => (s.kind === "lambda-function-url" || s.kind === "api-gateway") && (s.cors === "none" || s.cors === "wildcard"))
        .map((s) => ({
          entity: e.id,
          key: s.name,
          severity: "medium" as const,
          title: `API without a CORS policy: ${e.name} ${s.name}`,
          evidence: [`${s.kind} ${s.url}: cors ${s.cors}`],
          recommendation: `Allow only the entity's own origins (${e.domains.join(", ") || "its domains"}) in the CORS configuration.`,
          impactUsdPerMonth: null,
          sources: [ctx.source("portfolio")],
        })),
    );
    return { findings };
  },
});

export const dependencyScanning = check({
  id: "dependency-scanning",
  needs: [],
  kpis: ["repos-with-dependency-scanning", "commits-in-period"],
  run(_data, ctx) {
    const { ok, missing } = repoFacts(ctx);
    const findings: FindingDraft[] = ok
      .filter((r) => r.dependencyScanning.length === 0)
      .map((r) => ({
        entity: r.entity,
        key: r.repo,
        severity: "medium" as const,
        title: `No dependency scanning: ${r.repo}`,
        evidence: [`no .github/dependabot.yml, CodeQL or audit workflow among ${r.trackedFiles.length} tracked files`],
        recommendation: "Add .github/dependabot.yml for its package ecosystem and a CodeQL or npm-audit workflow.",
        impactUsdPerMonth: null,
        sources: [repoSource(ctx, r.repo)],
      }));
    const src = ok.map((r) => repoSource(ctx, r.repo)).join(" + ");
    const withHistory = ok.filter((r) => r.historyRead);
    return {
      kpis: [
        ok.length
          ? {
              id: "repos-with-dependency-scanning",
              value: Math.round((ok.filter((r) => r.dependencyScanning.length > 0).length / ok.length) * 100),
              source: src,
              asOf: ctx.snapshot.collectedAt,
            }
          : { id: "repos-with-dependency-scanning", missing: missing.join("; ") || "no repositories in scope" },
        withHistory.length
          ? {
              id: "commits-in-period",
              value: sum(withHistory.map((r) => r.commits.length)),
              source: withHistory.map((r) => repoSource(ctx, r.repo)).join(" + "),
              asOf: ctx.snapshot.collectedAt,
            }
          : { id: "commits-in-period", missing: "no repository with readable history (set GITHUB_TOKEN or a local path)" },
      ],
      findings,
      summary: missing.length ? [`Repositories not read: ${missing.join("; ")}.`] : [],
    };
  },
});

function lastMonth(spend: Inventory["aws"]["spend"]): string | undefined {
  return [...new Set(spend.map((s) => s.month))].sort().at(-1);
}

export const awsSpend = check({
  id: "aws-spend",
  needs: ["aws"],
  kpis: ["aws-spend"],
  run({ aws }, ctx) {
    const month = lastMonth(aws.spend);
    if (!month) return { kpis: [{ id: "aws-spend", missing: "no AWS spend records" }] };
    const byService = new Map<string, number>();
    for (const s of aws.spend.filter((x) => x.month === month)) byService.set(s.service, cents((byService.get(s.service) ?? 0) + s.amount));
    const rows = [...byService].sort((a, b) => b[1] - a[1]).map(([service, amount]) => ({ service, amount }));
    return {
      kpis: [{ id: "aws-spend", value: sum(rows.map((r) => r.amount)), source: `${ctx.source("aws")} (${month})`, asOf: ctx.asOf("aws") }],
      sections: [
        {
          id: "aws-spend",
          title: `AWS spend by service, ${month}`,
          columns: [
            { key: "service", label: "Service" },
            { key: "amount", label: "Spend", unit: "usd" },
          ],
          rows,
          chart: { label: "service", value: "amount", unit: "usd" },
          source: ctx.source("aws"),
        },
      ],
    };
  },
});

/** A month on course to cost this much more than the last recorded month is flagged. */
export const SPEND_GROWTH_ALERT = 1.25;

/**
 * Month-to-date charges from CloudWatch billing (AWS/Billing EstimatedCharges, cumulative within a month) on the
 * last day of the period with data, projected to the month's end against the last month in data/aws.yaml.
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
    const lastDay = Math.max(-1, ...series.map((s) => s.values.findLastIndex((v) => v > 0)));
    if (lastDay < 0) return { kpis: [{ id, missing: `AWS/Billing EstimatedCharges has no data points in ${ctx.snapshot.period.label}` }] };
    const day = new Date(Date.parse(ctx.snapshot.period.start) + lastDay * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const toDate = cents(sum(series.map((s) => s.values[lastDay] ?? 0)));
    const source = `${m.source} (AWS/Billing EstimatedCharges, ${date})`;
    const out = { kpis: [{ id, value: toDate, source, asOf: m.asOf }], findings: [] as FindingDraft[] };

    const aws = ctx.snapshot.datasets.aws;
    const month = isPresent(aws) ? lastMonth(aws.value.spend) : undefined;
    if (!isPresent(aws) || !month || month >= date.slice(0, 7)) return out;
    const last = cents(sum(aws.value.spend.filter((x) => x.month === month).map((x) => x.amount)));
    const daysInMonth = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
    const projected = cents((toDate / day.getUTCDate()) * daysInMonth);
    if (last > 0 && projected > last * SPEND_GROWTH_ALERT) {
      const top = series
        .map((s) => ({ service: s.dimension.replace(/^ServiceName=([^,]*).*$/, "$1"), amount: s.values[lastDay] ?? 0 }))
        .sort((a, b) => b.amount - a.amount)
        .slice(0, 3);
      out.findings.push({
        entity: "portfolio",
        severity: "medium",
        title: `AWS spend is on course for ${usd(projected)} in ${date.slice(0, 7)}, ${Math.round((projected / last - 1) * 100)}% above ${month} (${usd(last)})`,
        evidence: [
          `${usd(toDate)} charged by ${date} (day ${day.getUTCDate()} of ${daysInMonth})`,
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
      const saving = cents(n.hourlyUsd * p.hoursPerMonth);
      findings.push({
        entity: n.entity,
        key: n.id,
        severity: "medium",
        title: `Idle NAT gateway ${n.id}`,
        evidence: [`${n.gbProcessedPerMonth} GB processed a month at ${usd(n.hourlyUsd)}/hour`],
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
    if (inv === 0) return { kpis: [{ id: "lambda-error-rate", missing: "no Lambda invocations in the metrics" }] };
    const rate = Math.round((err / inv) * 10000) / 100;
    return { kpis: [{ id: "lambda-error-rate", value: rate, source: `${m.source} (AWS/Lambda Errors ÷ Invocations)`, asOf: m.asOf }] };
  },
});

export const cto: RoleDefinition = {
  id: "cto",
  label: "CTO",
  headline: ["security-findings", "aws-spend", "aws-savings", "commits-in-period"],
  title: "CTO report: tech stack and security",
  checks: [
    stackAudit,
    committedSecrets,
    trackedEnvFiles,
    unauthenticatedEndpoints,
    cdnWithoutWaf,
    corsPolicy,
    dependencyScanning,
    awsSpend,
    awsSpendToDate,
    awsOptimisation,
    lambdaErrors,
  ],
  derived: (findings) => [
    {
      id: "security-findings",
      value: findings.filter((f) => (f.severity === "critical" || f.severity === "high") && SECURITY_CHECKS.has(f.check)).length,
    },
  ],
};

const SECURITY_CHECKS = new Set([
  "committed-secrets",
  "tracked-env-files",
  "unauthenticated-endpoints",
  "cdn-without-waf",
  "cors-policy",
  "dependency-scanning",
]);
