/** The DynamoDB audit's KPI history: one item per report under `KPI#<role>.<scope>`, newest first by period start. */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Role } from "../config/schema.js";
import { type KpiSnapshot, latestPerPeriod } from "./audit-log.js";
import { explainAuditError } from "./dynamodb-batch.js";

export const kpiPk = (role: Role, scope: string) => `KPI#${role}.${scope}`;

interface KpiKey {
  client: Pick<DynamoDBClient, "send">;
  table: string;
  role: Role;
  scope: string;
}

/** The latest snapshot of each period up to `upTo` (all periods without it), newest first, at most `limit`. */
export async function queryKpiHistory(k: KpiKey, upTo: string | undefined, limit: number): Promise<KpiSnapshot[]> {
  // Newest first; a few reruns a period fit in three times the periods asked for.
  const key = upTo ? "pk = :pk AND sk BETWEEN :lo AND :hi" : "pk = :pk AND begins_with(sk, :lo)";
  const out = await k.client
    .send(
      new QueryCommand({
        TableName: k.table,
        KeyConditionExpression: key,
        ExpressionAttributeValues: marshall({ ":pk": kpiPk(k.role, k.scope), ":lo": "P#", ...(upTo ? { ":hi": `P#${upTo}#\uffff` } : {}) }),
        ScanIndexForward: false,
        Limit: limit * 3,
      }),
    )
    .catch((err) => {
      throw explainAuditError(k.table, err, "Query");
    });
  const snaps = (out.Items ?? []).map((item) => {
    const { reportId, period, periodStart, at, values, digest } = unmarshall(item) as KpiSnapshot;
    return { reportId, period, ...(periodStart ? { periodStart } : {}), at, values, ...(digest ? { digest } : {}) };
  });
  return latestPerPeriod(snaps, upTo, limit);
}

/** Stores one report's snapshot; the sort key orders by period start, then time, then report id. */
export async function putKpis(k: KpiKey, snap: KpiSnapshot): Promise<void> {
  await k.client
    .send(
      new PutItemCommand({
        TableName: k.table,
        Item: marshall({ pk: kpiPk(k.role, k.scope), sk: `P#${snap.periodStart ?? ""}#${snap.at}#${snap.reportId}`, ...snap }),
      }),
    )
    .catch((err) => {
      throw explainAuditError(k.table, err, "PutItem");
    });
}
