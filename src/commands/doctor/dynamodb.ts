/** The audit table: it exists, is active, and has the key schema the audit log writes (pk HASH, sk RANGE, strings). */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { auditTableInput } from "../../audit/dynamodb-table.js";
import { awsFix, type CheckLine, fail, pass } from "./check.js";

type Key = { name: string; keyType: string; type: string };
const show = (keys: Key[]) => keys.map((k) => `${k.name} (${k.keyType}, ${k.type})`).join(" and ") || "no keys";

/** DescribeTable on the audit table, compared with the definition `npm run setup` creates. */
export async function auditTableCheck(client: Pick<DynamoDBClient, "send">, table: string, region: string): Promise<CheckLine> {
  const what = `DynamoDB audit table "${table}" in ${region}`;
  const setup = `create it with \`npm run setup -- --table ${table} --region ${region}\` (or the CLI/CloudFormation in the README)`;
  let t;
  try {
    t = (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (e) {
    if ((e as { name?: string }).name === "ResourceNotFoundException") return fail(`${what} does not exist`, setup);
    return fail(what, awsFix(e, "dynamodb:DescribeTable on the table"));
  }
  const want = auditTableInput(table);
  const typeOf = (defs: { AttributeName?: string; AttributeType?: string }[] | undefined, name?: string) =>
    defs?.find((d) => d.AttributeName === name)?.AttributeType ?? "?";
  const keys = (schema: typeof want.KeySchema, defs: typeof want.AttributeDefinitions): Key[] =>
    (schema ?? []).map((k) => ({ name: k.AttributeName ?? "?", keyType: k.KeyType ?? "?", type: typeOf(defs, k.AttributeName) }));
  const have = keys(t?.KeySchema, t?.AttributeDefinitions);
  const need = keys(want.KeySchema, want.AttributeDefinitions);
  if (show(have) !== show(need))
    return fail(
      `${what} has the key schema ${show(have)}; the audit log needs ${show(need)}`,
      `a table's keys cannot be changed: create a new one (\`npm run setup -- --table NEW_NAME --region ${region}\`) and set AUDIT_TABLE=NEW_NAME`,
    );
  if (t?.TableStatus !== "ACTIVE")
    return fail(`${what} is ${t?.TableStatus ?? "in an unknown state"}`, "wait until it is ACTIVE and run doctor again");
  return pass(`${what}: ACTIVE, keys ${show(have)}`);
}
