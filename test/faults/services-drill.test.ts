/**
 * Fault drill through run() against the services: SES Throttling and DynamoDB ProvisionedThroughputExceededException answered
 * on the wire (a loopback proxy in front of aws-ses-v2-local and dynalite, so the SDK parses and retries them as it would AWS's),
 * GitHub 502s and secondary rate limits from the loopback GitHub stand-in, and CloudWatch refusing access.
 * test/aws/ses.test.ts already injects Throttling at the client; here it comes back as SES's XML error through the SDK.
 */

import { randomBytes } from "node:crypto";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RequestCounter } from "../../scripts/bench/counter.js";
import { type GitHubStandIn, startGitHubStandIn } from "../../scripts/bench/github-standin.js";
import { type FaultHook, type InjectedAnswer, type LatencyProxy, startLatencyProxy } from "../../scripts/bench/proxy.js";
import { fakeCredentials, LOCAL_REGION, type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import { badGateway, makeCommits, secondaryRateLimit } from "../../scripts/dev/fake-github.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { parseFingerprint } from "../../src/board/board.js";
import { CloudWatchMetricsSource } from "../../src/collect/sources/cloudwatch.js";
import { GitHubGitSource } from "../../src/collect/sources/github.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { GitSource, MetricsSource } from "../../src/collect/sources/source.js";
import type { Env } from "../../src/config/env.js";
import { SesMailer } from "../../src/delivery/ses.js";
import { createSesClient } from "../../src/delivery/ses-client.js";
import { type Edges, run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import type { SelectContext } from "../../src/wiring/edges.js";
import { githubClientFor } from "../../src/wiring/github-client.js";
import { selectBoard } from "../../src/wiring/select-board.js";
import { AUDIT_TABLE, noGit, options, outDir, removeOutDirs, reportItems } from "../aws/fixture.js";
import { edgesFor } from "../helpers/run.js";
import { NOW } from "../helpers/sample.js";

const creds = fakeCredentials();
const counter = new RequestCounter();
let ses: LocalSes;
let dynamo: LocalDynamo;
let sesProxy: LatencyProxy;
let ddbProxy: LatencyProxy;
let github: GitHubStandIn;
let sesFault: FaultHook | undefined;
let ddbFault: FaultHook | undefined;

const THROTTLED: InjectedAnswer = {
  status: 400,
  headers: { "content-type": "text/xml", "x-amzn-requestid": "00000000-0000-4000-8000-000000000001" },
  body: '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>00000000-0000-4000-8000-000000000001</RequestId></ErrorResponse>',
};
const PTEE_MESSAGE =
  "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.";
const PTEE: InjectedAnswer = {
  status: 400,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "PTEE0000000000000000000000000000000000000000000000000000" },
  body: JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: PTEE_MESSAGE }),
};
const reportIdOf = (body: Buffer) =>
  /^X-Exec-Report-Id: (.+)$/im
    .exec(Buffer.from(new URLSearchParams(body.toString("utf8")).get("RawMessage.Data") ?? "", "base64").toString("utf8"))?.[1]
    ?.trim() ?? "?";
const isClaim = (op: string, body: Buffer) => op === "PutItem" && body.toString("utf8").includes("attribute_not_exists(pk)");

beforeAll(async () => {
  [ses, dynamo] = await Promise.all([startSes(creds), startDynamo(creds)]);
  await dynamo.createTable(AUDIT_TABLE);
  [sesProxy, ddbProxy, github] = await Promise.all([
    startLatencyProxy(
      "ses",
      ses.endpoint,
      () => 0,
      counter,
      (...a) => sesFault?.(...a),
    ),
    startLatencyProxy(
      "dynamodb",
      dynamo.endpoint,
      () => 0,
      counter,
      (...a) => ddbFault?.(...a),
    ),
    startGitHubStandIn(() => 0, counter, "example-org/ops"),
  ]);
  // W48 as the sample's weekly audiences read it, in San Diego time.
  const week = parsePeriod("2026-W48", "America/Los_Angeles");
  github.gh.repos.set("example-org/jada-booking", {
    commits: makeCommits(130, week.start, week.end, "jada"),
    files: { "Code.gs": "function doGet() {}\n", ".github/dependabot.yml": "version: 2\n" },
    openIssues: 2,
  });
  github.gh.repos.set("example-org/queenofsandiego-site", {
    commits: makeCommits(12, week.start, week.end, "qsd"),
    files: { "package.json": "{}\n" },
  });
  github.gh.repos.set("example-org/quickdumpnow-site", {
    commits: makeCommits(3, week.start, week.end, "qdn"),
    files: { "README.md": "# QDN\n" },
  });
  github.gh.repos.set("example-org/ops-scripts", { commits: [], files: { "deploy.sh": "#!/bin/sh\n" } });
  github.gh.addProject({ owner: "example-org", number: 5 });
});
afterAll(async () => {
  await Promise.all([sesProxy?.stop(), ddbProxy?.stop(), github?.stop()]);
  await Promise.all([ses?.stop(), dynamo?.stop()]);
  await removeOutDirs();
});
beforeEach(async () => {
  await ses.clear();
  counter.reset();
  sesFault = ddbFault = undefined;
  github.resetBoard();
});

/** The AWS edges as production builds them (SES: one attempt per SDK call under the mailer's retry), through the proxies; git off unless a test adds it. */
function awsEdges(
  log: ReturnType<typeof memoryLogger>,
  out: string,
  o: Partial<Edges> & { git?: GitSource; metrics?: MetricsSource } = {},
): Edges {
  const ddb = new DynamoDBClient({ endpoint: ddbProxy.url, region: LOCAL_REGION, credentials: creds });
  const { git = noGit, metrics = new FileMetricsSource(), ...rest } = o;
  return edgesFor(out, () => NOW, {
    sources: [gitSource(git), metricsSource(metrics)],
    mailer: new SesMailer({
      client: createSesClient({ endpoint: sesProxy.url, region: LOCAL_REGION, credentials: creds }),
      log,
      maxSendRate: 1000,
      location: ses.endpoint,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    }),
    audit: new DynamoDbAuditLog(ddb, AUDIT_TABLE, () => NOW, log),
    ...rest,
  });
}

/** GitHub source and board on the stand-in, with millisecond backoff and no write spacing. */
async function githubEdges(log: ReturnType<typeof memoryLogger>, out: string): Promise<Partial<Edges> & { git: GitSource }> {
  const env = {
    GITHUB_TOKEN: `ghs_${randomBytes(18).toString("hex")}`,
    GITHUB_REPOSITORY: "example-org/ops",
    GITHUB_API_URL: github.url,
  } as Env;
  const ctx: SelectContext = { outDir: out, dataDir: "data", env, log, now: () => NOW, auto: true, project: "example-org/5" };
  const tuning = { writeSpacingMs: 0, retryBaseMs: 1 };
  return {
    git: new GitHubGitSource({ client: githubClientFor(ctx, "--git github", tuning), fallback: noGit }),
    board: await selectBoard("github", ctx, tuning),
  };
}

const ops = () => counter.snapshot();

describe("fault drill (services)", () => {
  it("SES Throttling bursts on the wire: the mailer retries (the only layer); every email is sent exactly once", async () => {
    const attempts = new Map<string, number>();
    sesFault = (op, body) => {
      if (op !== "SendRawEmail") return undefined;
      const id = reportIdOf(body);
      attempts.set(id, (attempts.get(id) ?? 0) + 1);
      // Three throttled answers per message: the mailer retries three times and the fourth attempt gets through.
      return attempts.get(id)! <= 3 ? THROTTLED : undefined;
    };
    const log = memoryLogger();
    const out = await outDir();
    // The sample's five all-entity audiences are named after their roles.
    const r = await run(options(out, { audiences: builtinRoles.ids, period: "2026-W41" }), log, awsEdges(log, out));
    expect(r.reports.map((x) => [x.role, x.status])).toEqual(builtinRoles.ids.map((x) => [x, "sent"]));
    const emails = await ses.emails();
    expect(emails.map((e) => e.subject.split(" · ")[0]).sort()).toEqual(
      r.reports.map((x) => `[exec-reports] ${x.report!.roleLabel}`).sort(),
    );
    expect(new Set(emails.map((e) => e.messageId))).toEqual(new Set(r.reports.flatMap((x) => x.messageIds)));
    expect(Object.fromEntries(attempts)).toEqual(Object.fromEntries(builtinRoles.ids.map((x) => [`${x}.2026-W41`, 4])));
    expect(ops().ses!.byOp).toEqual({ SendRawEmail: 20, "SendRawEmail (injected 400)": 15 });
    const retries = log.lines.filter((l) => l.includes("Throttling"));
    expect(retries.map((l) => l.replace(/in \d+ ms$/, "in N ms")).sort()).toEqual(
      builtinRoles.ids
        .flatMap((x) =>
          [1, 2, 3].map(
            (n) => `warning: ses: ${x}.2026-W41 message 1/1: Throttling: Maximum sending rate exceeded.; retry ${n} of 5 in N ms`,
          ),
        )
        .sort(),
    );
    for (const x of r.reports) {
      const { status, logs } = await reportItems(dynamo, x.reportId);
      expect(status).toMatchObject({ status: "sent", attempt: 1, messageIds: x.messageIds });
      expect(logs.map((l) => l.status)).toEqual(["sent"]);
    }
  });

  it("ProvisionedThroughputExceededException on the audit claim is retried by the SDK; one email, audited once", async () => {
    let claims = 0;
    ddbFault = (op, body) => (isClaim(op, body) && ++claims <= 2 ? PTEE : undefined);
    const log = memoryLogger();
    const out = await outDir();
    const r = await run(options(out, { audiences: ["cfo"], period: "2026-W42" }), log, awsEdges(log, out));
    expect(r.reports[0]).toMatchObject({ status: "sent", reportId: "cfo.2026-W42" });
    expect(claims).toBe(3);
    const emails = await ses.emails();
    expect(emails.map((e) => e.messageId)).toEqual(r.reports[0]!.messageIds);
    const { status, logs } = await reportItems(dynamo, "cfo.2026-W42");
    expect(status).toMatchObject({ status: "sent", attempt: 1, messageIds: r.reports[0]!.messageIds });
    expect(logs.map((l) => l.status)).toEqual(["sent"]);
  });

  it("a claim throttled past the SDK's retries fails the report with DynamoDB's message; nothing is sent or claimed", async () => {
    let claims = 0;
    ddbFault = (op, body) => (isClaim(op, body) && ++claims > 0 ? PTEE : undefined);
    const log = memoryLogger();
    const out = await outDir();
    const r = await run(options(out, { audiences: ["cmo"], period: "2026-W42" }), log, awsEdges(log, out));
    expect(r.ok).toBe(false);
    expect(r.reports[0]).toMatchObject({ status: "failed", error: PTEE_MESSAGE, messageIds: [] });
    expect(log.lines).toContain(`error: cmo.2026-W42: ${PTEE_MESSAGE}`);
    // The DynamoDB client's default: 4 attempts.
    expect(claims).toBe(4);
    expect(await ses.emails()).toEqual([]);
    expect(await reportItems(dynamo, "cmo.2026-W42")).toEqual({ status: undefined, logs: [] });
  });

  it("GitHub 502s and secondary rate limits during a run are retried: every repository read, each card filed once, every report sent", async () => {
    const gh = github.gh;
    gh.fail("POST", /^\/graphql#RepoHistory$/, badGateway, 2);
    gh.fail("GET", /\/git\/trees\//, badGateway, 1);
    gh.fail("POST", /^\/repos\/example-org\/ops\/issues$/, () => secondaryRateLimit(1), 2);
    gh.fail("POST", /^\/graphql#AddProjectItem$/, () => secondaryRateLimit(1), 1);
    const log = memoryLogger();
    const out = await outDir();
    const r = await run(
      options(out, { audiences: builtinRoles.ids, period: "2026-W48" }),
      log,
      awsEdges(log, out, await githubEdges(log, out)),
    );
    expect(r.reports.map((x) => [x.role, x.status, x.error])).toEqual(builtinRoles.ids.map((x) => [x, "sent", undefined]));
    expect(await ses.emails()).toHaveLength(builtinRoles.ids.length);

    const cto = r.reports.find((x) => x.role === "cto")!.report!;
    expect(cto.kpis.find((k) => k.id === "commits-in-period")).toMatchObject({ value: 145 });
    expect(cto.sources.find((s) => s.name === "github")).toMatchObject({ ok: true, detail: "4 of 4 repositories read" });

    const actions = r.reports.reduce((n, x) => n + x.counts.actions, 0);
    expect(actions).toBeGreaterThan(0);
    expect(gh.issues).toHaveLength(actions);
    expect(new Set(gh.issues.map((i) => parseFingerprint(i.body))).size).toBe(actions);
    expect(gh.project!.items.size).toBe(actions);
    expect(r.reports.flatMap((x) => x.board?.warnings ?? [])).toEqual([]);

    const by = ops().github!.byOp;
    expect(by["graphql RepoHistory"]).toBe(2 + 2);
    expect(by["POST /repos/{o}/{r}/issues"]).toBe(actions + 2);
    expect(by["graphql mutation AddProjectItem"]).toBe(actions + 1);
    const secondary = log.lines.filter((l) => l.includes("secondary rate limit"));
    expect(secondary).toEqual([
      "warning: GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues; retrying in 1s",
      "warning: GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues; retrying in 1s",
      "warning: GitHub secondary rate limit on POST /graphql; retrying in 1s",
    ]);
  });

  it("CloudWatch refusing access: its KPIs are marked missing with AWS's reason, every report is still sent and says so", async () => {
    const denied =
      "User: arn:aws:sts::000000000000:assumed-role/exec-reports/gha is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action";
    const refusing = (region: string) => {
      const c = new CloudWatchClient({ region, credentials: creds });
      c.middlewareStack.add(
        () => async () => {
          throw Object.assign(new Error(denied), { name: "AccessDenied", $fault: "client", $metadata: { httpStatusCode: 403 } });
        },
        { step: "initialize", name: "drillAccessDenied" },
      );
      return c;
    };
    const log = memoryLogger();
    const out = await outDir();
    const edges = awsEdges(log, out, {
      ...(await githubEdges(log, out)),
      metrics: new CloudWatchMetricsSource(refusing("us-west-2"), refusing("us-east-1"), "us-west-2"),
    });
    const r = await run(options(out, { audiences: builtinRoles.ids, period: "2026-W43" }), log, edges);
    expect(r.reports.map((x) => x.status)).toEqual(builtinRoles.ids.map(() => "sent"));
    expect(log.lines).toContain(`warning: source cloudwatch: ${denied}`);

    const cto = r.reports.find((x) => x.role === "cto")!;
    const lambda = cto.report!.kpis.find((k) => k.id === "lambda-error-rate")!;
    expect(lambda.status === "missing" && lambda.missing).toBe(`cloudwatch: ${denied}`);
    expect(cto.report!.kpis.find((k) => k.id === "commits-in-period")!.status).not.toBe("missing");
    const email = (await ses.emails()).find((e) => e.messageId === cto.messageIds[0])!;
    expect(email.body.html).toContain("cloudwatch:GetMetricData because no identity-based policy allows");
    expect(email.body.text).toContain("cloudwatch:GetMetricData because no identity-based policy allows");
  });
});
