/** The audit table's definition, shared by `npm run setup`, the demo and the tests, and its CLI / CloudFormation equivalents. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/**
 * String keys pk (HASH) and sk (RANGE), on-demand billing. Key design (items written by dynamodb.ts):
 * - pk "REPORT#<reportId>", sk "STATUS": the claim and current state of a report id: status sending|sent|failed,
 *   attempt (1, 2, … with --force or after a failure), claimedAt, claimToken, and once settled messageIds,
 *   recipients, snapshotSha256, templateVersion, timings, error; deliveredTo: who has the report so far (written
 *   after each message of a multi-message send), so a retry skips them.
 * - pk "REPORT#<reportId>", sk "LOG#<finishedAt>#<status>#<nonce>": one item per outcome (sent, failed, skipped,
 *   dry-run): the full AuditEntry.
 * - pk "KPI#<role>.<scope>", sk "P#<periodStart>#<at>#<reportId>": KPI values of one run; the trend baseline of a
 *   report is the last item up to "P#<its periodStart>#\uffff" (one Query, limit 1).
 */
export function auditTableInput(table: string): CreateTableCommandInput {
  return {
    TableName: table,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/** Creates the table unless it exists, and waits until it is active. */
export async function ensureAuditTable(client: DynamoDBClient, table: string, maxWaitSeconds = 120): Promise<"created" | "exists"> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return "exists";
  } catch (e) {
    if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
  }
  try {
    await client.send(new CreateTableCommand(auditTableInput(table)));
  } catch (e) {
    // Another setup run may have created it between the two calls.
    if ((e as { name?: string }).name !== "ResourceInUseException") throw e;
  }
  await waitUntilTableExists({ client, maxWaitTime: maxWaitSeconds, minDelay: 1, maxDelay: 5 }, { TableName: table });
  return "created";
}

/** The same table with the AWS CLI. */
export function auditTableCli(table: string): string {
  return [
    `aws dynamodb create-table --table-name ${table} \\`,
    `  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S \\`,
    `  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \\`,
    `  --billing-mode PAY_PER_REQUEST`,
    `aws dynamodb update-continuous-backups --table-name ${table} \\`,
    `  --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
  ].join("\n");
}

/** The same table as a CloudFormation resource. */
export function auditTableCloudFormation(table: string): string {
  return [
    "Resources:",
    "  AuditTable:",
    "    Type: AWS::DynamoDB::Table",
    "    DeletionPolicy: Retain",
    "    Properties:",
    `      TableName: ${table}`,
    "      BillingMode: PAY_PER_REQUEST",
    "      AttributeDefinitions:",
    "        - { AttributeName: pk, AttributeType: S }",
    "        - { AttributeName: sk, AttributeType: S }",
    "      KeySchema:",
    "        - { AttributeName: pk, KeyType: HASH }",
    "        - { AttributeName: sk, KeyType: RANGE }",
    "      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }",
  ].join("\n");
}
