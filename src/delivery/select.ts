/** Mailer selection: SES when asked or configured, the outbox folder otherwise. */
import path from "node:path";
import type { SelectContext } from "../edges.js";
import { UserError } from "../errors.js";
import type { Mailer } from "./mailer.js";
import { OutboxMailer } from "./outbox.js";

export async function selectMailer(choice: "ses" | "outbox" | undefined, ctx: SelectContext): Promise<Mailer> {
  if (choice === "ses") throw new UserError("--mailer ses is not available in this build yet");
  return new OutboxMailer(path.join(ctx.outDir, "outbox"));
}
