/**
 * `npm start -- doctor` against the local stand-ins: dynalite (the audit table), aws-ses-v2-local behind a stand-in
 * for SES's account and identity reads, msw for GitHub, aws-sdk-client-mock for CloudWatch. Each planted
 * misconfiguration is named on one line with its fix.
 */
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeCredentials, LOCAL_REGION, type LocalDynamo, type LocalSes, startDynamo, startSes } from "../../scripts/dev/aws-local.js";
import { type DoctorDeps, runDoctor } from "../../src/commands/doctor.js";
import { createSesClient } from "../../src/delivery/ses-client.js";
import { createGitHubClient } from "../../src/github/client.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { copyData } from "../helpers/cli.js";
import { ROOT } from "../helpers/sample.js";
import { recordingIo } from "./io.js";
import { type SesAccountState, startSesControl } from "./ses-control.js";

const API = "https://api.github.test";
const credentials = fakeCredentials();
let dataDir: string;
let dynamo: LocalDynamo;
let ses: LocalSes;
let control: { url: string; stop(): Promise<void> };
let sesState: SesAccountState;
const cloudwatch = mockClient(CloudWatchClient);

interface GitHubState {
  status: number;
  scopes?: string;
  hasIssues: boolean;
  push: boolean;
  project: unknown;
}
let gh: GitHubState;
const github = setupServer(
  http.get(`${API}/rate_limit`, () =>
    gh.status === 401
      ? HttpResponse.json({ message: "Bad credentials" }, { status: 401 })
      : HttpResponse.json({ resources: {} }, { headers: gh.scopes === undefined ? {} : { "x-oauth-scopes": gh.scopes } }),
  ),
  http.get(`${API}/repos/:owner/:repo`, ({ params }) =>
    params.owner === "acme" && params.repo === "ops"
      ? HttpResponse.json({
          full_name: "acme/ops",
          html_url: "https://github.test/acme/ops",
          has_issues: gh.hasIssues,
          archived: false,
          permissions: { admin: false, maintain: false, push: gh.push, triage: false, pull: true },
        })
      : HttpResponse.json({ message: "Not Found" }, { status: 404 }),
  ),
  http.post(`${API}/graphql`, () => HttpResponse.json({ data: { repositoryOwner: gh.project } })),
);

const healthyProject = { projectV2: { title: "Ops", field: { options: [{ name: "Todo" }, { name: "In progress" }, { name: "Done" }] } } };

/** The test's own audiences: recipients in a verified domain and one outside it. */
const AUDIENCES = `audiences:
  - id: weekly
    role: ceo
    recipients: { to: [owner@example.com], cc: [partner@other.example] }
    cadence: weekly
    send: { weekday: monday, hour: 7 }
`;

beforeAll(async () => {
  dataDir = await copyData();
  await writeFile(path.join(dataDir, "audiences.yaml"), AUDIENCES);
  [dynamo, ses] = await Promise.all([startDynamo(credentials), startSes(credentials)]);
  await Promise.all([dynamo.createTable("audit-ok"), dynamo.createTable("audit-wrong-keys", { hash: "id" })]);
  control = await startSesControl(ses.endpoint, () => sesState);
  // Only GitHub is msw's; the AWS stand-ins on loopback pass through.
  github.listen({ onUnhandledRequest: (req, print) => (new URL(req.url).hostname.endsWith(".test") ? print.error() : undefined) });
});
afterAll(async () => {
  github.close();
  cloudwatch.restore();
  await Promise.all([control?.stop(), ses?.stop(), dynamo?.stop(), rm(path.dirname(dataDir), { recursive: true, force: true })]);
});
beforeEach(() => {
  sesState = { sendingEnabled: true, quota: { max24: 50_000, rate: 14, sent: 12 }, identities: { "example.com": "Success" } };
  gh = { status: 200, scopes: "repo, project", hasIssues: true, push: true, project: healthyProject };
  cloudwatch.reset();
  cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: "AWS/Billing", MetricName: "EstimatedCharges" }] });
});
afterEach(() => github.resetHandlers());

const deps: DoctorDeps = {
  ses: async (region) => createSesClient({ endpoint: control.url, region, credentials }),
  dynamodb: async () => dynamo.client,
  cloudwatch: async () => new CloudWatchClient({ region: "us-east-1", credentials }),
  github: (token, baseUrl) => createGitHubClient({ token, log: memoryLogger(), baseUrl: baseUrl ?? API, retries: 0, retryBaseMs: 1 }),
};

const configured = (extra: Record<string, string> = {}) => ({
  AWS_REGION: LOCAL_REGION,
  SES_SENDER_EMAIL: "reports@example.com",
  AUDIT_TABLE: "audit-ok",
  GITHUB_TOKEN: `ghp_${randomBytes(18).toString("hex")}`,
  GITHUB_API_URL: API,
  GITHUB_REPOSITORY: "acme/ops",
  EXEC_REPORTS_PROJECT: "acme/3",
  ...extra,
});

async function doctor(env: Record<string, string>, args: string[] = []) {
  const io = recordingIo(ROOT, env);
  const code = await runDoctor(["--data", dataDir, ...args], io, deps);
  const line = (re: RegExp) => io.lines.find((l) => re.test(l));
  return { code, lines: io.lines, line, failed: io.lines.filter((l) => l.startsWith("✗")) };
}

describe("doctor", () => {
  it("a healthy configuration: every check passes, one line each, exit 0", async () => {
    const r = await doctor(configured());
    expect(r.failed).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      "✓ environment: valid",
      expect.stringMatching(/^✓ data .*: valid \(\d+ entities\)$/),
      "✓ audiences: 1 (weekly)",
      "✓ SES sending in us-east-1: enabled",
      "✓ SES identity reports@example.com in us-east-1: domain example.com verified",
      "✓ SES account in us-east-1: production access (50000 messages a day, 14 a second)",
      '✓ DynamoDB audit table "audit-ok" in us-east-1: ACTIVE, keys pk (HASH, S) and sk (RANGE, S)',
      "✓ CloudWatch billing metrics (AWS/Billing EstimatedCharges, us-east-1): 1 series",
      "✓ GitHub token: a classic PAT with scopes repo, project",
      "✓ GitHub board repository acme/ops: reachable, issues enabled",
      '✓ GitHub project acme/projects/3 ("Ops"): reachable, Status has Todo and Done',
      "doctor: 11 passed, 0 failed, 0 skipped",
    ]);
  });

  it("a missing audit table: named with the command that creates it", async () => {
    const r = await doctor(configured({ AUDIT_TABLE: "audit-missing" }));
    expect(r.code).toBe(1);
    expect(r.failed).toEqual([
      '✗ DynamoDB audit table "audit-missing" in us-east-1 does not exist — fix: create it with `npm run setup -- --table audit-missing --region us-east-1` (or the CLI/CloudFormation in the README)',
    ]);
  });

  it("a table with the wrong key schema: both schemas named, and a new table as the fix", async () => {
    const r = await doctor(configured({ AUDIT_TABLE: "audit-wrong-keys" }));
    expect(r.failed).toEqual([
      '✗ DynamoDB audit table "audit-wrong-keys" in us-east-1 has the key schema id (HASH, S); the audit log needs pk (HASH, S) and sk (RANGE, S) — fix: a table\'s keys cannot be changed: create a new one (`npm run setup -- --table NEW_NAME --region us-east-1`) and set AUDIT_TABLE=NEW_NAME',
    ]);
  });

  it("an unverified sender identity: its state and how to verify it", async () => {
    sesState.identities = { "reports@example.com": "Pending" };
    const r = await doctor(configured());
    expect(r.failed).toEqual([
      expect.stringMatching(
        /^✗ SES identity reports@example\.com in us-east-1 is not verified \(address Pending, domain not added\) — fix: verify the address \(`aws ses verify-email-identity --email-address reports@example\.com --region us-east-1`.*or the domain example\.com/,
      ),
    ]);
  });

  it("the sandbox with unverified recipients, sending paused and a denied permission", async () => {
    sesState = {
      sendingEnabled: false,
      quota: { max24: 200, rate: 1, sent: 0 },
      identities: { "example.com": "Success", "other.example": "Pending" },
    };
    const r = await doctor(configured());
    expect(r.line(/SES sending/)).toMatch(
      /^✗ SES sending in us-east-1: paused for this account — fix: .*update-account-sending-enabled --enabled/,
    );
    expect(r.line(/SES account/)).toMatch(
      /^✗ SES account in us-east-1: in the sandbox, and 1 recipient\(s\) are not verified \(partner@other\.example\): SES rejects mail to them — fix: request production access/,
    );
    sesState = { ...sesState, sendingEnabled: true, denied: ["GetSendQuota"] };
    expect((await doctor(configured())).line(/SES account/)).toMatch(
      /^✗ SES account in us-east-1 — fix: the AWS identity lacks ses:GetSendQuota/,
    );
  });

  it("GitHub: a rejected token, a PAT without the project scope, issues disabled, a project out of reach", async () => {
    gh.status = 401;
    expect((await doctor(configured())).line(/GitHub token/)).toMatch(
      /^✗ GitHub token — fix: GitHub rejected GITHUB_TOKEN \(401 Bad credentials\)/,
    );
    gh = { ...gh, status: 200, scopes: "repo", hasIssues: false };
    const r = await doctor(configured());
    expect(r.line(/GitHub token/)).toMatch(/^✗ GitHub token: a classic PAT with scopes repo — fix: add the project scope/);
    expect(r.line(/board repository/)).toBe(
      "✗ GitHub board repository acme/ops: issues are disabled — fix: enable them: https://github.test/acme/ops/settings → General → Features → Issues",
    );
    expect(r.line(/GitHub project/)).toMatch(
      /^✗ GitHub project acme\/projects\/3: the classic PAT lacks the project scope — fix: .*classic PAT with the `project` scope/,
    );
    gh = { ...gh, scopes: undefined, hasIssues: true, push: false, project: { projectV2: null } };
    const fine = await doctor(configured({ GITHUB_REPOSITORY: "acme/ops" }));
    expect(fine.line(/GitHub token/)).toMatch(/^✓ GitHub token: accepted \(fine-grained, app or workflow token/);
    expect(fine.line(/board repository/)).toMatch(/^✗ GitHub board repository acme\/ops: this token can read it but not write issues/);
    expect(fine.line(/GitHub project/)).toMatch(/^✗ GitHub project acme\/projects\/3: not found, or not visible to this token/);
    expect((await doctor(configured({ GITHUB_REPOSITORY: "acme/nope" }))).line(/board repository/)).toMatch(
      /: not found, or not visible to this token/,
    );
  });

  it("CloudWatch: no billing metrics, or no permission to list them", async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    expect((await doctor(configured())).failed).toEqual([
      expect.stringMatching(
        /^✗ CloudWatch billing metrics \(AWS\/Billing EstimatedCharges, us-east-1\): none found — fix: turn on billing metrics in the payer account/,
      ),
    ]);
    cloudwatch.on(ListMetricsCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    expect((await doctor(configured())).failed[0]).toMatch(/the AWS identity lacks cloudwatch:ListMetrics/);
  });

  it("nothing configured: every service skipped with how to turn it on, exit 0", async () => {
    const r = await doctor({});
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.startsWith("- "))).toEqual([
      expect.stringMatching(/^- SES \(skipped: set SES_SENDER_EMAIL and AWS_REGION/),
      expect.stringMatching(/^- DynamoDB audit \(skipped: AUDIT_TABLE is not set/),
      expect.stringMatching(/^- CloudWatch \(skipped: AWS_REGION is not set/),
      expect.stringMatching(/^- GitHub \(skipped: GITHUB_TOKEN is not set/),
    ]);
    expect(r.lines.at(-1)).toBe("doctor: 3 passed, 0 failed, 4 skipped");
  });

  it("an invalid environment stops at one line per bad variable", async () => {
    const r = await doctor({ AWS_REGION: "mars-1", AUDIT_TABLE: "x" });
    expect(r.code).toBe(1);
    expect(r.failed).toHaveLength(2);
    expect(r.failed[0]).toMatch(/^✗ environment: environment AWS_REGION: "mars-1" — expected an AWS region/);
  });
});
