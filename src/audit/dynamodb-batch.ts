/** Pieces of the DynamoDB audit shared by its items: report keys, STATUS items read in batches, SDK errors explained. */
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";

/** A report id's partition key and the sort key of its STATUS item. */
export const reportPk = (reportId: string) => `REPORT#${reportId}`;
export const STATUS_SK = "STATUS";

/** The status of each report id that has a STATUS item; BatchGetItem takes 100 keys a call and unprocessed keys are asked again. */
export async function batchStatuses(
  client: Pick<DynamoDBClient, "send">,
  table: string,
  reportIds: string[],
  explain: (e: unknown) => Error,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(reportIds)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, AttributeValue>[] = unique.slice(i, i + 100).map((id) => marshall({ pk: reportPk(id), sk: STATUS_SK }));
    for (let round = 0; keys.length && round < 5; round++) {
      const got = await client
        .send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: "reportId, #s",
                ExpressionAttributeNames: { "#s": "status" },
              },
            },
          }),
        )
        .catch((e: unknown) => {
          throw explain(e);
        });
      for (const item of got.Responses?.[table] ?? []) {
        const s = unmarshall(item) as { reportId: string; status: string };
        out.set(s.reportId, s.status);
      }
      keys = got.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return out;
}

/** Adds which table and permission to check to an SDK error. */
export function explainAuditError(table: string, e: unknown, action: string): Error {
  const name = (e as { name?: string })?.name ?? "";
  const msg = e instanceof Error ? e.message : String(e);
  if (name === "ResourceNotFoundException")
    return new Error(`audit table ${table} not found: create it with \`npm run setup -- --table ${table}\` or fix AUDIT_TABLE (${msg})`);
  if (name === "AccessDeniedException") return new Error(`audit table ${table}: the AWS role lacks dynamodb:${action} on it (${msg})`);
  return e instanceof Error ? e : new Error(msg);
}
