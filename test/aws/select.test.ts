/** Edge selection: the real AWS service when configured or asked, the offline one otherwise, and the choice is printed. */
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env.js";
import { UserError } from "../../src/shared/errors.js";
import { memoryLogger } from "../../src/shared/logger.js";
import type { SelectContext } from "../../src/wiring/edges.js";
import { selectAudit } from "../../src/wiring/select-audit.js";
import { selectBusiness, selectMetrics } from "../../src/wiring/select-aws.js";
import { selectMailer } from "../../src/wiring/select-mailer.js";
import { DATA_DIR, NOW } from "../helpers/sample.js";

const ctx = (env: Partial<Env>, extra: Partial<SelectContext> = {}) => {
  const log = memoryLogger();
  const c: SelectContext = {
    outDir: "/tmp/exec-aws-select",
    dataDir: DATA_DIR,
    env: env as Env,
    log,
    now: () => NOW,
    auto: true,
    ...extra,
  };
  return { log, ctx: c };
};
// AWS_CREDENTIALS names the variable that gives the SDK credentials (loadEnv computes it; never the secret).
const AWS = {
  SES_SENDER_EMAIL: "reports@example.com",
  AWS_REGION: "eu-west-1",
  AUDIT_TABLE: "exec-audit",
  AWS_CREDENTIALS: "AWS_PROFILE",
} as const;

describe("AWS edge selection", () => {
  it("defaults to SES, DynamoDB and CloudWatch when configured, and says why", async () => {
    const { log, ctx: c } = ctx(AWS, { sesConfigurationSet: "exec-events" });
    expect((await selectMailer(undefined, c)).name).toBe("ses");
    expect((await selectAudit(undefined, c)).name).toBe("dynamodb");
    expect((await selectMetrics(undefined, c)).name).toBe("cloudwatch");
    const text = log.lines.join("\n");
    expect(text).toMatch(
      /mailer: ses in eu-west-1 from reports@example.com, configuration set exec-events \(SES_SENDER_EMAIL, AWS_REGION and AWS_PROFILE are set\)/,
    );
    expect(text).toMatch(/audit: dynamodb table exec-audit in eu-west-1 \(AUDIT_TABLE and AWS_PROFILE are set\)/);
    expect(text).toMatch(/metrics: cloudwatch in eu-west-1/);
  });

  it("defaults to the outbox, audit.jsonl and data/metrics.yaml offline; flags override configuration", async () => {
    const { log, ctx: c } = ctx({});
    expect((await selectMailer(undefined, c)).name).toBe("outbox");
    expect((await selectAudit(undefined, c)).name).toBe("file");
    expect((await selectMetrics(undefined, c)).name).toBe("metrics-file");
    expect(await selectBusiness(undefined, c)).toBeUndefined();
    expect(log.lines.join("\n")).toMatch(/set SES_SENDER_EMAIL, AWS_REGION and AWS credentials to send with SES/);
    const { ctx: configured } = ctx(AWS);
    expect((await selectMailer("outbox", configured)).name).toBe("outbox");
    expect((await selectAudit("file", configured)).name).toBe("file");
    expect((await selectMetrics("file", configured)).name).toBe("metrics-file");
    // Without credentials the SDK could not sign a request: configuration alone does not choose SES.
    const { AWS_CREDENTIALS: _, ...noCredentials } = AWS;
    expect((await selectMailer(undefined, ctx(noCredentials).ctx)).name).toBe("outbox");
    expect((await selectAudit(undefined, ctx(noCredentials).ctx)).name).toBe("file");
  });

  it("stays offline for a sample portfolio (auto off) whatever the environment holds, and says why; a flag still chooses", async () => {
    const { log, ctx: c } = ctx(AWS, { auto: false });
    expect((await selectMailer(undefined, c)).name).toBe("outbox");
    expect((await selectAudit(undefined, c)).name).toBe("file");
    expect((await selectMetrics(undefined, c)).name).toBe("metrics-file");
    expect(log.lines.join("\n")).toMatch(/sample data pins the clock: services are used only when a flag asks/);
    expect((await selectAudit("dynamodb", c)).name).toBe("dynamodb");
  });

  it("refuses an AWS flag without its configuration, naming what to set", async () => {
    const { ctx: c } = ctx({ AWS_REGION: "eu-west-1" });
    await expect(selectMailer("ses", c)).rejects.toThrow(UserError);
    await expect(selectMailer("ses", c)).rejects.toThrow(/--mailer ses needs SES_SENDER_EMAIL/);
    await expect(selectAudit("dynamodb", c)).rejects.toThrow(/--audit dynamodb needs AUDIT_TABLE/);
    await expect(selectMetrics("cloudwatch", ctx({}).ctx)).rejects.toThrow(/--metrics cloudwatch needs AWS_REGION/);
  });
});
