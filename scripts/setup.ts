/**
 * `npm run setup -- --table NAME [--region REGION]`: creates the DynamoDB audit table (KPI history included) and prints
 * the AWS CLI and CloudFormation equivalents. Credentials and region come from the SDK's default chain.
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { auditTableCli, auditTableCloudFormation, ensureAuditTable } from "../src/audit/dynamodb-table.js";

const USAGE = "usage: npm run setup -- --table NAME [--region REGION] [--print-only]";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        table: { type: "string" },
        region: { type: "string" },
        "print-only": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const table = values.table ?? process.env.AUDIT_TABLE;
  if (!table || !/^[\w.-]{3,255}$/.test(table)) {
    console.error(
      `error: --table: ${table ? JSON.stringify(table) : "missing"} — expected a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)\n${USAGE}`,
    );
    return 2;
  }
  if (!values["print-only"]) {
    const region = values.region ?? process.env.AWS_REGION;
    const client = new DynamoDBClient(region ? { region } : {});
    try {
      const r = await ensureAuditTable(client, table);
      console.log(
        r === "created"
          ? `created DynamoDB table ${table}${region ? ` in ${region}` : ""}`
          : `DynamoDB table ${table} already exists; nothing to do`,
      );
    } catch (e) {
      const name = (e as { name?: string }).name;
      const hint =
        name === "AccessDeniedException"
          ? " — the role needs dynamodb:CreateTable and dynamodb:DescribeTable on this table"
          : name === "CredentialsProviderError"
            ? " — no AWS credentials found (profile, env or OIDC role)"
            : "";
      console.error(`error: creating ${table}: ${(e as Error).message}${hint}`);
      return 1;
    } finally {
      client.destroy();
    }
  }
  console.log(
    `\nSet AUDIT_TABLE=${table} for the reports. The same table with the AWS CLI:\n\n${auditTableCli(table)}\n\nor CloudFormation:\n\n${auditTableCloudFormation(table)}`,
  );
  return 0;
}

process.exitCode = await main();
