/** Audit selection: DynamoDB when asked or configured, audit.jsonl under OUT otherwise. */
import type { SelectContext } from "../edges.js";
import { UserError } from "../errors.js";
import type { AuditLog } from "./audit-log.js";
import { FileAuditLog } from "./file.js";

export async function selectAudit(choice: "dynamodb" | "file" | undefined, ctx: SelectContext): Promise<AuditLog> {
  if (choice === "dynamodb") throw new UserError("--audit dynamodb is not available in this build yet");
  return new FileAuditLog(ctx.outDir, ctx.now);
}
