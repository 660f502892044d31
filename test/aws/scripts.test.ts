/** `npm run setup` against dynalite (endpoint from AWS_ENDPOINT_URL_DYNAMODB, as the SDK reads it), and `npm run demo` end to end. */

import { execFile } from "node:child_process";
import path from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeCredentials, type LocalDynamo, startDynamo } from "../../scripts/dev/aws-local.js";
import { ROOT } from "../helpers/sample.js";

function tsx(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, script), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, timeout: 50_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

describe("scripts", () => {
  it("npm run setup creates the audit table once, then reports it exists, and prints the CLI and CloudFormation equivalents", async () => {
    const creds = fakeCredentials();
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    };
    const first = await tsx("scripts/setup.ts", ["--table", "exec-reports-audit-setup"], env);
    expect(first.stderr).not.toMatch(/error:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created DynamoDB table exec-reports-audit-setup in us-east-1/);
    expect(first.stdout).toMatch(/aws dynamodb create-table --table-name exec-reports-audit-setup/);
    expect(first.stdout).toMatch(/Type: AWS::DynamoDB::Table/);
    const t = await dynamo.client.send(new DescribeTableCommand({ TableName: "exec-reports-audit-setup" }));
    expect(t.Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    const second = await tsx("scripts/setup.ts", ["--table", "exec-reports-audit-setup"], env);
    expect(second.stdout).toMatch(/already exists; nothing to do/);
    const bad = await tsx("scripts/setup.ts", ["--table", "x"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--table: "x" — expected a DynamoDB table name/);
  });

  it("npm run demo sends every report due through local SES, audits in local DynamoDB and says where to view the emails", async () => {
    const r = await tsx("scripts/demo.ts", ["--exit"], {});
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mailer: ses/);
    expect(r.stdout).toMatch(/audit: dynamodb table exec-reports-audit/);
    expect(r.stdout).toMatch(/business data: dynamodb/);
    // The nine reports due at the sample's pinned clock, each accepted by SES; a rerun of one is skipped.
    expect(r.stdout).toMatch(
      /at 2026-12-01T18:00:00\.000Z: ceo\.2026-W48 sent, cto\.2026-W48 sent, cfo\.2026-W48 sent, cmo\.2026-W48 sent, accounting\.2026-W48 sent, quickdumpnow-manager\.2026-W48 sent, cfo-close\.2026-11 sent, board\.2026-11 sent, advisors\.2026-11 sent; rerun of cfo\.2026-W48: skipped/,
    );
    expect(r.stdout).toMatch(/SES accepted 9 message\(s\)/);
    expect(r.stdout).toMatch(/View the emails: http:\/\/127\.0\.0\.1:\d+/);
  });
});
