/** CTO: tech stack and security audit, engineering activity; the AWS checks live in cto-aws.ts. */
import { isPresent, type RepoFacts } from "../../collect/snapshot.js";
import type { Entity } from "../../config/schema.js";
import { type CheckContext, check, type FindingDraft } from "../check.js";
import { sum } from "../finance/money.js";
import type { RoleDefinition } from "../role.js";
import { awsOptimisation, awsSpend, awsSpendToDate, lambdaErrors } from "./cto-aws.js";

export { AWS_PRICES, rightSizedMemory, SPEND_GROWTH_ALERT } from "./cto-aws.js";

/** `.env`, `.env.production`, `repos.env`, `config/prod.env`: files that hold environment values. */
export const ENV_FILE = /(^|\/)(\.env(\.[\w-]+)?|[\w.-]+\.env)$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist)$/;
/** Package manifests: a repository with none has no dependencies to scan. */
const MANIFEST =
  /(^|\/)(package\.json|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|go\.mod|Cargo\.toml|Gemfile|composer\.json|pom\.xml|build\.gradle(\.kts)?|[^/]+\.csproj|pubspec\.yaml|mix\.exs)$/;

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
    // One finding per secret: two keys in one file are two problems, two cards, each with its own line.
    const findings: FindingDraft[] = ok.flatMap((r) =>
      r.secrets.map((s) => ({
        entity: r.entity,
        key: `${r.repo}/${s.file}:${s.line}:${s.rule}`,
        severity: "critical" as const,
        title: `Secret committed in ${r.repo}: ${s.file} line ${s.line}`,
        evidence: [
          `${s.file}:${s.line} matches ${s.rule}${s.masked ? ` (${s.masked})` : " (value not shown)"}`,
          ...(r.trackedFiles.includes(s.file) ? [`${s.file} is tracked in git`] : []),
        ],
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
      // An env file with a detected secret is already a committed-secrets finding: one card per problem.
      const withSecret = new Set(r.secrets.map((s) => s.file));
      const files = r.trackedFiles.filter((f) => ENV_FILE.test(f) && !ENV_TEMPLATE.test(f) && !withSecret.has(f));
      return files.length
        ? [
            {
              entity: r.entity,
              key: r.repo,
              severity: "high" as const,
              title: `Env file committed to git: ${r.repo} (${files.join(", ")})`,
              evidence: files.map((f) => `${f} is tracked in plain text`),
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

type EntityRow = Entity;
type Service = Entity["services"][number];

/**
 * One finding per entity and gap, listing each service: adding an endpoint updates the entity's card instead of
 * opening another one for the same problem.
 */
function perEntity(
  entities: readonly EntityRow[],
  match: (s: Service) => boolean,
  draft: (e: EntityRow, services: Service[]) => Omit<FindingDraft, "entity" | "sources">,
  source: string,
): FindingDraft[] {
  return entities.flatMap((e) => {
    const hit = e.services.filter(match);
    return hit.length ? [{ entity: e.id, ...draft(e, hit), sources: [source] }] : [];
  });
}

const names = (ss: Service[]) => ss.map((s) => s.name).join(", ");

export const unauthenticatedEndpoints = check({
  id: "unauthenticated-endpoints",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings = perEntity(
      portfolio.entities,
      (s) => API_KINDS.has(s.kind) && s.auth === "none",
      (e, ss) => ({
        severity: ss.some((s) => s.handlesPayments) ? "critical" : "high",
        title: `${ss.length === 1 ? "Unauthenticated endpoint" : `${ss.length} unauthenticated endpoints`}: ${e.name} ${names(ss)}`,
        evidence: ss.map((s) => `${s.kind} at ${s.url} answers anyone (auth: none)${s.handlesPayments ? "; it handles payments" : ""}`),
        recommendation: ss.every((s) => s.kind === "apps-script-webapp")
          ? "Restrict each web app to signed-in users or check a shared secret on every request."
          : "Require IAM or a signed token on each endpoint. Rate-limit them.",
        impactUsdPerMonth: null,
      }),
      ctx.source("portfolio"),
    );
    return { findings };
  },
});

export const cdnWithoutWaf = check({
  id: "cdn-without-waf",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings = perEntity(
      portfolio.entities,
      (s) => s.kind === "cloudfront" && s.waf !== true,
      (e, ss) => ({
        severity: "medium",
        title: `CDN without WAF: ${e.name} ${names(ss)}`,
        evidence: ss.map((s) => `CloudFront distribution ${s.url} has no web ACL`),
        recommendation: "Attach an AWS WAF web ACL with the managed core rule set and a rate-based rule.",
        impactUsdPerMonth: null,
      }),
      ctx.source("portfolio"),
    );
    return { findings };
  },
});

export const corsPolicy = check({
  id: "cors-policy",
  needs: ["portfolio"],
  run({ portfolio }, ctx) {
    const findings = perEntity(
      portfolio.entities,
      (s) => (s.kind === "lambda-function-url" || s.kind === "api-gateway") && (s.cors === "none" || s.cors === "wildcard"),
      (e, ss) => ({
        severity: "medium",
        title: `API without a CORS policy: ${e.name} ${names(ss)}`,
        evidence: ss.map((s) => `${s.kind} ${s.url}: cors ${s.cors}`),
        recommendation: `Allow only the entity's own origins (${e.domains.join(", ") || "its domains"}) in the CORS configuration.`,
        impactUsdPerMonth: null,
      }),
      ctx.source("portfolio"),
    );
    return { findings };
  },
});

export const dependencyScanning = check({
  id: "dependency-scanning",
  needs: [],
  kpis: ["repos-with-dependency-scanning"],
  run(_data, ctx) {
    const { ok, missing } = repoFacts(ctx);
    // Only repositories with a package manifest have dependencies to scan; the others are left out and named.
    const withDeps = ok.filter((r) => r.trackedFiles.some((f) => MANIFEST.test(f) && !f.includes("node_modules/")));
    const none = ok.filter((r) => !withDeps.includes(r)).map((r) => r.repo);
    const findings: FindingDraft[] = withDeps
      .filter((r) => r.dependencyScanning.length === 0)
      .map((r) => ({
        entity: r.entity,
        key: r.repo,
        severity: "medium" as const,
        title: `No dependency scanning: ${r.repo}`,
        evidence: [
          `manifests: ${r.trackedFiles.filter((f) => MANIFEST.test(f)).join(", ")}`,
          `no .github/dependabot.yml, CodeQL or audit workflow among ${r.trackedFiles.length} tracked files`,
        ],
        recommendation: "Add .github/dependabot.yml for its package ecosystem and a CodeQL or audit workflow.",
        impactUsdPerMonth: null,
        sources: [repoSource(ctx, r.repo)],
      }));
    return {
      kpis: [
        withDeps.length
          ? {
              id: "repos-with-dependency-scanning",
              value: Math.round((withDeps.filter((r) => r.dependencyScanning.length > 0).length / withDeps.length) * 100),
              source: withDeps.map((r) => repoSource(ctx, r.repo)).join(" + "),
              asOf: ctx.snapshot.collectedAt,
            }
          : {
              id: "repos-with-dependency-scanning",
              missing: missing.join("; ") || (ok.length ? "no repository in scope has a package manifest" : "no repositories in scope"),
            },
      ],
      findings,
      summary: [
        ...(missing.length ? [`Repositories not read: ${missing.join("; ")}.`] : []),
        ...(none.length ? [`No package manifest, so no dependency scan needed: ${none.join(", ")}.`] : []),
      ],
    };
  },
});

export const gitActivity = check({
  id: "git-activity",
  needs: [],
  kpis: ["commits-in-period", "contributors-in-period"],
  run(_data, ctx) {
    const withHistory = repoFacts(ctx).ok.filter((r) => r.historyRead);
    if (!withHistory.length) {
      const why = "no repository with readable history (set GITHUB_TOKEN, a local path or a recorded history in repos.yaml)";
      return {
        kpis: [
          { id: "commits-in-period", missing: why },
          { id: "contributors-in-period", missing: why },
        ],
      };
    }
    const source = withHistory.map((r) => repoSource(ctx, r.repo)).join(" + ");
    const authors = new Set(withHistory.flatMap((r) => r.commits.map((c) => c.author)));
    const rows = withHistory.map((r) => ({
      repo: r.repo,
      entity: ctx.entityName(r.entity),
      commits: r.commits.length,
      contributors: [...new Set(r.commits.map((c) => c.author))].sort().join(", ") || "none",
      changed: sum(r.commits.map((c) => c.additions + c.deletions)),
    }));
    return {
      kpis: [
        { id: "commits-in-period", value: sum(rows.map((r) => r.commits)), source, asOf: ctx.snapshot.collectedAt },
        { id: "contributors-in-period", value: authors.size, source, asOf: ctx.snapshot.collectedAt },
      ],
      sections: [
        {
          id: "git-activity",
          title: `Engineering activity, ${ctx.snapshot.period.label}`,
          columns: [
            { key: "repo", label: "Repository" },
            { key: "entity", label: "Entity" },
            { key: "commits", label: "Commits", unit: "count" },
            { key: "contributors", label: "Contributors" },
            { key: "changed", label: "Lines changed", unit: "count" },
          ],
          rows,
          chart: { label: "repo", value: "commits", unit: "count" },
          source,
        },
      ],
    };
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
    gitActivity,
    awsSpend,
    awsSpendToDate,
    awsOptimisation,
    lambdaErrors,
  ],
  derived: (findings, ctx) => {
    // What the security checks looked at: repositories read (contents, history, workflows) and declared services.
    const repos = repoFacts(ctx).ok.length;
    const portfolio = ctx.snapshot.datasets.portfolio;
    const services = isPresent(portfolio) ? portfolio.value.entities.reduce((n, e) => n + e.services.length, 0) : 0;
    if (repos === 0 && services === 0)
      return [
        {
          id: "security-findings",
          missing:
            "nothing to inspect: no repository was read and portfolio.yaml lists no services (add repos.yaml, or services to the entities)",
        },
      ];
    const open = findings.filter((f) => (f.severity === "critical" || f.severity === "high") && SECURITY_CHECKS.has(f.check));
    return [
      {
        id: "security-findings",
        value: open.length,
        covers: `${repos} ${repos === 1 ? "repository" : "repositories"} and ${services} ${services === 1 ? "service" : "services"} inspected`,
      },
    ];
  },
};

const SECURITY_CHECKS = new Set([
  "committed-secrets",
  "tracked-env-files",
  "unauthenticated-endpoints",
  "cdn-without-waf",
  "cors-policy",
  "dependency-scanning",
]);
