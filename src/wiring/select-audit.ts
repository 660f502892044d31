/** Audit selection: DynamoDB when asked or configured, audit.jsonl under OUT otherwise. */

import type { AuditLog } from "../audit/audit-log.js";
import { FileAuditLog } from "../audit/file.js";
import { UserError } from "../shared/errors.js";
import { autoOffNote, type SelectContext } from "./context.js";

/** DynamoDB needs AUDIT_TABLE (and a region from AWS_REGION or the SDK's config); credentials come from the default chain. */
export async function selectAudit(choice: "dynamodb" | "file" | undefined, ctx: SelectContext): Promise<AuditLog> {
  const table = ctx.env.AUDIT_TABLE;
  if (choice === "dynamodb" && !table)
    throw new UserError("--audit dynamodb needs AUDIT_TABLE (create the table with `npm run setup -- --table NAME`)");
  // Full configuration: the table and credentials the SDK can use; a table name alone is not enough.
  if (choice === "dynamodb" || (choice === undefined && ctx.auto && table && ctx.env.AWS_CREDENTIALS)) {
    ctx.log.info(
      `audit: dynamodb table ${table}${ctx.env.AWS_REGION ? ` in ${ctx.env.AWS_REGION}` : ""}${choice ? "" : ` (AUDIT_TABLE and ${ctx.env.AWS_CREDENTIALS} are set)`}`,
    );
    // Loaded on demand: the offline path (and the action's cold start) never pays for the SDK.
    const [{ DynamoDBClient }, { DynamoDbAuditLog }] = await Promise.all([
      import("@aws-sdk/client-dynamodb"),
      import("../audit/dynamodb.js"),
    ]);
    return new DynamoDbAuditLog(new DynamoDBClient(ctx.env.AWS_REGION ? { region: ctx.env.AWS_REGION } : {}), table!, ctx.now, ctx.log);
  }
  ctx.log.info(
    `audit: file ${ctx.outDir}/audit.jsonl${choice ? "" : table ? (ctx.auto ? " (AUDIT_TABLE is set but no AWS credentials are)" : autoOffNote(ctx)) : " (set AUDIT_TABLE and AWS credentials to audit in DynamoDB)"}`,
  );
  return new FileAuditLog(ctx.outDir, ctx.now);
}
