import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/analyse/analyse.js";
import { rightSizedMemory } from "../../src/analyse/roles/cto.js";
import { missing } from "../../src/collect/snapshot.js";
import { findings, fixture, kpi, MONTH, missingReason, repo, report, section, snapshotOf } from "../fixtures/fixture.js";

const stripeRule = "exec-reports/stripe";

describe("CTO report", () => {
  it("rates each entity's stack by its endpoints and monitoring", async () => {
    const inv = await fixture();
    const rows = section(report("cto", inv), "stack-audit").rows;
    expect(rows.find((r) => r.entity === "Ledgerly")!.risk).toBe("high");
    expect(rows.find((r) => r.entity === "Head Office")!.risk).toBe("low");
  });

  it("makes one finding per secret: two keys of one rule in one file are two findings, two cards, each naming its line, masked", async () => {
    const inv = await fixture();
    const secrets = [
      { file: "config/prod.env", line: 1, rule: stripeRule, masked: "sk_live_•••• (40 chars)" },
      { file: "config/prod.env", line: 2, rule: stripeRule, masked: "sk_live_•••• (40 chars)" },
      { file: "commit 1a2b3c4 message", line: 3, rule: stripeRule, masked: "rk_live_•••• (40 chars)" },
    ];
    const snap = snapshotOf(inv, { repos: { app: repo({ repo: "app", entity: "ledgerly", trackedFiles: ["config/prod.env"], secrets }) } });
    const f = findings(report("cto", snap), "committed-secrets");
    expect(f).toHaveLength(3);
    expect(new Set(f.map((x) => x.id)).size).toBe(3);
    expect(new Set(f.map((x) => fingerprint("cto", x.id))).size).toBe(3);
    expect(f.map((x) => x.title).sort()).toEqual([
      "Secret committed in app: commit 1a2b3c4 message line 3",
      "Secret committed in app: config/prod.env line 1",
      "Secret committed in app: config/prod.env line 2",
    ]);
    expect(f.find((x) => x.title.endsWith("line 2"))!.evidence).toEqual([
      `config/prod.env:2 matches ${stripeRule} (sk_live_•••• (40 chars))`,
      "config/prod.env is tracked in git",
    ]);
  });

  it("flags tracked env files (any name.env) but not templates, and not twice when a secret was found in them", async () => {
    const inv = await fixture();
    const mk = (files: string[], secrets: { file: string; line: number; rule: string }[] = []) =>
      findings(
        report("cto", snapshotOf(inv, { repos: { r: repo({ repo: "r", entity: "hq", trackedFiles: files, secrets }) } })),
        "tracked-env-files",
      );
    expect(mk([".env", "deploy/repos.env", "src/.env.production", "a.js"])[0]!.evidence).toEqual([
      ".env is tracked in plain text",
      "deploy/repos.env is tracked in plain text",
      "src/.env.production is tracked in plain text",
    ]);
    expect(mk([".env.example", "env.ts", ".envrc.md", "repos.env.sample"])).toHaveLength(0);
    expect(mk([".env"], [{ file: ".env", line: 1, rule: stripeRule }])).toHaveLength(0);
  });

  it("groups unauthenticated endpoints and API CORS gaps per entity; critical when an endpoint takes payments", async () => {
    const inv = await fixture();
    const r = report("cto", inv);
    expect(findings(r, "unauthenticated-endpoints").map((f) => [f.id, f.severity])).toEqual([
      ["unauthenticated-endpoints:ledgerly", "critical"],
    ]);
    expect(findings(r, "cors-policy").map((f) => f.id)).toEqual(["cors-policy:ledgerly"]);
    expect(findings(r, "cdn-without-waf")).toHaveLength(0);
    inv.portfolio.entities
      .find((e) => e.id === "ledgerly")!
      .services.push({
        name: "Webhook",
        kind: "api-gateway",
        url: "https://hooks.ledgerly.test",
        auth: "none",
        cors: "restricted",
        handlesPayments: false,
      });
    const f = findings(report("cto", inv), "unauthenticated-endpoints");
    expect(f.map((x) => x.title)).toEqual(["2 unauthenticated endpoints: Ledgerly Public API, Webhook"]);
  });

  it("asks for dependency scanning only where there are dependencies, and counts commits and contributors", async () => {
    const inv = await fixture();
    const commits = ["Founder A", "Founder B", "Founder A"].map((author, i) => ({
      sha: `${i}`.repeat(40),
      author,
      date: `2027-03-1${i}T10:00:00.000Z`,
      additions: 2,
      deletions: 1,
      message: "m",
    }));
    const snap = snapshotOf(inv, {
      repos: {
        app: repo({ repo: "app", entity: "ledgerly", trackedFiles: ["package.json", "src/a.ts"], commits }),
        scanned: repo({
          repo: "scanned",
          entity: "ledgerly",
          trackedFiles: ["go.mod", ".github/dependabot.yml"],
          dependencyScanning: [".github/dependabot.yml"],
        }),
        theme: repo({ repo: "theme", entity: "fernhill-books", trackedFiles: ["theme.liquid"], historyRead: false }),
        gone: missing("404 Not Found", "github gone"),
      },
    });
    const r = report("cto", snap);
    expect(kpi(r, "repos-with-dependency-scanning")).toBe(50);
    expect(findings(r, "dependency-scanning").map((f) => f.id)).toEqual(["dependency-scanning:ledgerly:app"]);
    expect(r.summary.join(" ")).toContain("No package manifest, so no dependency scan needed: theme.");
    expect(r.summary.join(" ")).toContain("gone: 404 Not Found");
    expect(kpi(r, "commits-in-period")).toBe(3);
    expect(kpi(r, "contributors-in-period")).toBe(2);
    expect(section(r, "git-activity").rows.find((x) => x.repo === "app")).toMatchObject({
      commits: 3,
      contributors: "Founder A, Founder B",
      changed: 9,
    });
  });

  it("reports AWS spend for the last complete month before the period end, never a month in progress", async () => {
    const inv = await fixture();
    const r = report("cto", inv);
    expect(kpi(r, "aws-spend")).toBe(340);
    expect(section(r, "aws-spend-by-month").rows).toEqual([
      { month: "2027-01", amount: 330 },
      { month: "2027-02", amount: 340 },
    ]);
    expect(kpi(report("cto", inv, { period: "2027-01" }), "aws-spend")).toBe(330);
    expect(missingReason(report("cto", inv, { period: "2026-12" }), "aws-spend")).toBe(
      "no AWS spend records for a complete month before the period end",
    );
  });

  it("prices savings: an idle NAT gateway for the hours it runs, an oversized Lambda", async () => {
    const inv = await fixture();
    const r = report("cto", inv);
    const opt = findings(r, "aws-optimisation");
    expect(opt.find((f) => f.title.includes("NAT"))!.impactUsdPerMonth).toBe(Math.round(0.048 * 730 * 100) / 100);
    inv.aws.natGateways[0]!.hoursPerMonth = 100;
    expect(findings(report("cto", inv), "aws-optimisation").find((f) => f.title.includes("NAT"))!.impactUsdPerMonth).toBe(4.8);
    expect(kpi(r, "aws-savings")).toBeCloseTo(
      opt.reduce((a, f) => a + (f.impactUsdPerMonth ?? 0), 0),
      2,
    );
    expect(rightSizedMemory(142)).toBe(256);
    expect(rightSizedMemory(301)).toBe(512);
  });

  it("reads dated metric points in the period only: the Lambda error rate and billing to date ignore values outside it", async () => {
    const inv = await fixture();
    const r = report("cto", inv);
    // 14 errors in 7,000 invocations from 2027-03-08 to 2027-03-14; the 99,999 on either side are outside.
    expect(kpi(r, "lambda-error-rate")).toBe(0.2);
    expect(kpi(r, "aws-spend-mtd")).toBe(170 + 95);
    expect(r.kpis.find((k) => k.id === "aws-spend-mtd")!.source).toBe("fixture/metrics.yaml (AWS/Billing EstimatedCharges, 2027-03-14)");
    const f = findings(r, "aws-spend-to-date");
    expect(f[0]!.title).toBe("AWS spend is on course for $586.79 in 2027-03, 73% above 2027-02 ($340)");
    expect(missingReason(report("cto", inv, { period: MONTH }), "aws-spend-mtd")).toBe(
      "AWS/Billing EstimatedCharges has no data points in 2027-02",
    );
    const down = report("cto", snapshotOf(inv, { metrics: missing("AccessDenied: cloudwatch:GetMetricData", "cloudwatch") }));
    expect(missingReason(down, "lambda-error-rate")).toContain("AccessDenied");
  });

  it("counts critical and high security findings after the severity policy", async () => {
    const r = report("cto", await fixture());
    const n = r.findings.filter((f) => ["critical", "high"].includes(f.severity) && !f.check.startsWith("aws")).length;
    expect(kpi(r, "security-findings")).toBe(n);
  });
});
