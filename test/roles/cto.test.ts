import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rightSizedMemory } from "../../src/analyse/roles/cto.js";
import { missing } from "../../src/collect/snapshot.js";
import { findings, kpi, report } from "../helpers/analyse.js";
import { repo, sampleInventory, snapshotOf } from "../helpers/sample.js";

describe("CTO report", () => {
  it("rates each entity's stack by its endpoints and monitoring", async () => {
    const inv = await sampleInventory();
    const rows = report("cto", inv).sections.find((s) => s.id === "stack-audit")!.rows;
    expect(rows.find((r) => r.entity === "JADA")!.risk).toBe("high");
    expect(rows.find((r) => r.entity === "DangerousCentaur")!.risk).toBe("low");
    inv.portfolio.entities.find((e) => e.id === "jada")!.services.forEach((s) => (s.auth = "google-account"));
    const after = report("cto", inv).sections.find((s) => s.id === "stack-audit")!.rows;
    expect(after.find((r) => r.entity === "JADA")!.risk).toBe("medium");
  });

  it("reports committed secrets by file and rule, never the value", async () => {
    const inv = await sampleInventory();
    const snap = snapshotOf(inv, {
      repos: { "o/r": repo({ repo: "o/r", entity: "jada", secrets: [{ file: "Code.gs", line: 3, rule: "exec-reports/stripe" }] }) },
    });
    const f = findings(report("cto", snap), "committed-secrets");
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe("critical");
    expect(f[0]!.evidence[0]).toBe("Code.gs:3 matches exec-reports/stripe (value not shown)");
    expect(
      findings(report("cto", snapshotOf(inv, { repos: { "o/r": repo({ repo: "o/r", entity: "jada" }) } })), "committed-secrets"),
    ).toHaveLength(0);
  });

  it("flags tracked env files but not templates", async () => {
    const inv = await sampleInventory();
    const mk = (files: string[]) =>
      findings(
        report("cto", snapshotOf(inv, { repos: { "o/r": repo({ repo: "o/r", entity: "jada", trackedFiles: files }) } })),
        "tracked-env-files",
      );
    expect(mk([".env", "src/.env.production", "a.js"])[0]!.evidence).toEqual([".env is tracked", "src/.env.production is tracked"]);
    expect(mk([".env.example", "env.ts", ".envrc.md"])).toHaveLength(0);
  });

  it("flags unauthenticated endpoints (critical when they take payments), CDNs without WAF and APIs without CORS", async () => {
    const inv = await sampleInventory();
    const r = report("cto", inv);
    const unauth = findings(r, "unauthenticated-endpoints");
    expect(unauth.map((f) => [f.entity, f.severity])).toEqual(
      expect.arrayContaining([
        ["jada", "critical"],
        ["jada", "high"],
        ["queenofsandiego", "critical"],
      ]),
    );
    expect(findings(r, "cdn-without-waf")).toHaveLength(1);
    expect(findings(r, "cors-policy")).toHaveLength(1);
    const qsd = inv.portfolio.entities.find((e) => e.id === "queenofsandiego")!;
    qsd.services.forEach((s) => {
      s.waf = true;
      if (s.cors === "none") s.cors = "restricted";
      if (s.kind === "lambda-function-url") s.auth = "iam";
    });
    const after = report("cto", inv);
    expect(findings(after, "cdn-without-waf")).toHaveLength(0);
    expect(findings(after, "cors-policy")).toHaveLength(0);
    expect(findings(after, "unauthenticated-endpoints").map((f) => f.entity)).not.toContain("queenofsandiego");
  });

  it("measures dependency scanning and commits across readable repositories", async () => {
    const inv = await sampleInventory();
    const commits = Array.from({ length: 3 }, (_, i) => ({
      sha: randomBytes(20).toString("hex"),
      author: "dev",
      date: `2026-11-2${i}T10:00:00Z`,
      additions: 1,
      deletions: 0,
      message: "m",
    }));
    const snap = snapshotOf(inv, {
      repos: {
        a: repo({ repo: "a", entity: "jada", dependencyScanning: [".github/dependabot.yml"], commits }),
        b: repo({ repo: "b", entity: "jada" }),
        c: missing("404 Not Found", "github c"),
      },
    });
    const r = report("cto", snap);
    expect(kpi(r, "repos-with-dependency-scanning")).toBe(50);
    expect(kpi(r, "commits-in-period")).toBe(3);
    expect(findings(r, "dependency-scanning").map((f) => f.id)).toEqual(["dependency-scanning:jada:b"]);
    expect(r.summary.join(" ")).toContain("c: 404 Not Found");
  });

  it("reports AWS spend by service for the last month and prices each saving", async () => {
    const inv = await sampleInventory();
    const r = report("cto", inv);
    expect(kpi(r, "aws-spend")).toBe(89.3);
    const opt = findings(r, "aws-optimisation");
    expect(opt.find((f) => f.title.includes("NAT"))!.impactUsdPerMonth).toBe(32.85);
    expect(kpi(r, "aws-savings")).toBeCloseTo(
      opt.reduce((a, f) => a + (f.impactUsdPerMonth ?? 0), 0),
      2,
    );
    inv.aws.natGateways[0]!.gbProcessedPerMonth = 500;
    inv.aws.lambdas[0]!.memoryMb = 256;
    inv.aws.buckets[0]!.compression = true;
    const after = report("cto", inv);
    expect(findings(after, "aws-optimisation")).toHaveLength(0);
    expect(kpi(after, "aws-savings")).toBe(0);
  });

  it("reports AWS spend as missing, not zero, when there are no spend records", async () => {
    const inv = await sampleInventory();
    inv.aws.spend = [];
    const r = report("cto", inv);
    const k = r.kpis.find((x) => x.id === "aws-spend")!;
    expect(k.status === "missing" && k.missing).toBe("no AWS spend records");
    expect(r.sections.find((s) => s.id === "aws-spend")).toBeUndefined();
  });

  it("right-sizes Lambda memory with 50% headroom", () => {
    expect(rightSizedMemory(142)).toBe(256);
    expect(rightSizedMemory(301)).toBe(512);
    expect(rightSizedMemory(90)).toBe(256);
    expect(rightSizedMemory(80)).toBe(128);
  });

  it("computes the Lambda error rate from metrics and reports it missing when metrics fail", async () => {
    const inv = await sampleInventory();
    expect(kpi(report("cto", inv), "lambda-error-rate")).toBe(0.27);
    const r = report("cto", snapshotOf(inv, { metrics: missing("AccessDenied: cloudwatch:GetMetricData", "cloudwatch") }));
    const k = r.kpis.find((x) => x.id === "lambda-error-rate")!;
    expect(k.status).toBe("missing");
    expect(k.status === "missing" && k.missing).toContain("AccessDenied");
  });

  it("reads AWS spend to date from CloudWatch billing, flags a month on course to cost 25% more than the last, and says why it is missing", async () => {
    const inv = await sampleInventory();
    const r = report("cto", inv);
    // Sum of the seven services' EstimatedCharges on the period's last day (2026-11-29).
    expect(kpi(r, "aws-spend-mtd")).toBe(86.33);
    expect(r.kpis.find((k) => k.id === "aws-spend-mtd")!.source).toBe("data/metrics.yaml (AWS/Billing EstimatedCharges, 2026-11-29)");
    expect(findings(r, "aws-spend-to-date")).toHaveLength(0);

    // NAT Gateway charges triple: $86.33 + 2 × $32.67 = $151.67 by day 29 → $156.90 projected vs $89.30 in October.
    const nat = inv.metrics.metrics.find((m) => m.dimension.startsWith("ServiceName=AmazonVPC"))!;
    nat.values = nat.values.map((v) => Math.round(v * 300) / 100);
    const f = findings(report("cto", inv), "aws-spend-to-date");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: "medium",
      impactUsdPerMonth: 67.6,
      title: "AWS spend is on course for $156.90 in 2026-11, 76% above 2026-10 ($89.30)",
    });
    expect(f[0]!.evidence).toEqual([
      "$151.67 charged by 2026-11-29 (day 29 of 30)",
      "largest so far: AmazonVPC $98.01, AmazonCloudFront $21.85, AWSLambda $19.14",
    ]);

    const without = { ...inv, metrics: { metrics: inv.metrics.metrics.filter((m) => m.namespace !== "AWS/Billing") } };
    const k = report("cto", without).kpis.find((x) => x.id === "aws-spend-mtd")!;
    expect(k.status === "missing" && k.missing).toBe(
      "no AWS/Billing EstimatedCharges series in data/metrics.yaml (CloudWatch publishes them in us-east-1 once billing alerts are enabled in the account's Billing preferences)",
    );
    const down = report("cto", snapshotOf(inv, { metrics: missing("AccessDenied: cloudwatch:GetMetricData", "cloudwatch") })).kpis.find(
      (x) => x.id === "aws-spend-mtd",
    )!;
    expect(down.status === "missing" && down.missing).toBe("cloudwatch: AccessDenied: cloudwatch:GetMetricData");
  });

  it("counts critical and high security findings as a KPI", async () => {
    const inv = await sampleInventory();
    const r = report("cto", inv);
    const n = r.findings.filter((f) => ["critical", "high"].includes(f.severity) && f.check !== "aws-optimisation").length;
    expect(kpi(r, "security-findings")).toBe(n);
  });
});
