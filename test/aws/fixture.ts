/** Shared set-up for the AWS integration tests: run() through SES and DynamoDB emulators with a frozen clock. */

import { rm } from "node:fs/promises";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { LocalDynamo, LocalSes } from "../../scripts/dev/aws-local.js";
import { DynamoDbAuditLog, reportPk } from "../../src/audit/dynamodb.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { GitSource } from "../../src/collect/sources/source.js";
import { SesMailer, type SesMailerOptions } from "../../src/delivery/ses.js";
import { type Edges, type RunOptions, type RunResult, run } from "../../src/pipeline/run.js";
import type { Selection } from "../../src/pipeline/types.js";
import { type Logger, memoryLogger } from "../../src/shared/logger.js";
import { tempDir } from "../helpers/cli.js";
import { edgesFor, runOptions } from "../helpers/run.js";
import { NOW, PERIOD } from "../helpers/sample.js";

export const AUDIT_TABLE = "exec-reports-audit-test";

/** Repositories are another issue's concern; an empty git source keeps these runs about AWS. */
export const noGit: GitSource = { name: "git-none", repos: async () => ({}) };

const dirs: string[] = [];
export async function outDir(): Promise<string> {
  const d = await tempDir("exec-aws-");
  dirs.push(d);
  return d;
}
export async function removeOutDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Run options for the named audiences, for PERIOD (2026-W48) unless the selection names another period. */
export function options(out: string, select: Selection, extra: Partial<RunOptions> = {}): RunOptions {
  return runOptions(out, { select: { period: PERIOD, ...select }, ...extra });
}

export function sesMailer(ses: LocalSes, log: Logger, extra: Partial<SesMailerOptions> = {}): SesMailer {
  // aws-ses-v2-local has no GetSendQuota, so the rate is given.
  return new SesMailer({
    client: ses.client,
    log,
    maxSendRate: 1000,
    location: ses.endpoint,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
}

/** One run through the emulators, as a separate process would do it (its own audit log instance and out dir). */
export async function runAws(
  aws: { ses: LocalSes; dynamo: LocalDynamo },
  select: Selection,
  o: { force?: boolean; log?: Logger & { lines: string[] }; edges?: Partial<Edges>; opts?: Partial<RunOptions> } = {},
): Promise<{ result: RunResult; log: Logger & { lines: string[] }; out: string }> {
  const log = o.log ?? memoryLogger();
  const out = await outDir();
  const edges = edgesFor(out, () => NOW, {
    sources: [gitSource(noGit), metricsSource(new FileMetricsSource())],
    mailer: sesMailer(aws.ses, log),
    audit: new DynamoDbAuditLog(aws.dynamo.client, AUDIT_TABLE, () => NOW, log),
    ...o.edges,
  });
  const result = await run(options(out, select, { force: o.force ?? false, ...o.opts }), log, edges);
  return { result, log, out };
}

/** Every item under a report id's partition: the STATUS item and its LOG items. */
export async function reportItems(
  dynamo: LocalDynamo,
  reportId: string,
): Promise<{ status: Record<string, unknown> | undefined; logs: Record<string, unknown>[] }> {
  const out = await dynamo.client.send(
    new QueryCommand({
      TableName: AUDIT_TABLE,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: marshall({ ":pk": reportPk(reportId) }),
      ConsistentRead: true,
    }),
  );
  const items = (out.Items ?? []).map((i) => unmarshall(i));
  return { status: items.find((i) => i.sk === "STATUS"), logs: items.filter((i) => String(i.sk).startsWith("LOG#")) };
}
