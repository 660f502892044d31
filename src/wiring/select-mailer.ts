/** Mailer selection: SES when asked or configured, the outbox folder otherwise. */
import path from "node:path";
import type { Mailer } from "../delivery/mailer.js";
import { OutboxMailer } from "../delivery/outbox.js";
import { UserError } from "../shared/errors.js";
import { autoOffNote, type SelectContext } from "./context.js";

/** SES needs a verified sender and a region; credentials come from the SDK's default chain (OIDC, profile or env). */
export async function selectMailer(choice: "ses" | "outbox" | undefined, ctx: SelectContext): Promise<Mailer> {
  const { SES_SENDER_EMAIL: sender, AWS_REGION: region } = ctx.env;
  const configured = Boolean(sender && region && ctx.env.AWS_CREDENTIALS);
  if (choice === "ses" && !(sender && region)) {
    throw new UserError(
      `--mailer ses needs ${[!sender && "SES_SENDER_EMAIL (a verified SES identity)", !region && "AWS_REGION"].filter(Boolean).join(" and ")} in the environment or --env-file`,
    );
  }
  if (choice === "ses" || (choice === undefined && ctx.auto && configured)) {
    const configurationSet = ctx.sesConfigurationSet ?? ctx.env.SES_CONFIGURATION_SET;
    ctx.log.info(
      `mailer: ses in ${region} from ${sender}${configurationSet ? `, configuration set ${configurationSet}` : ""}${choice ? "" : ` (SES_SENDER_EMAIL, AWS_REGION and ${ctx.env.AWS_CREDENTIALS} are set)`}`,
    );
    // Loaded on demand: the offline path (and the action's cold start) never pays for the SDK.
    const [{ createSesClient }, { SesMailer }] = await Promise.all([import("../delivery/ses-client.js"), import("../delivery/ses.js")]);
    return new SesMailer({
      client: createSesClient({ region }),
      log: ctx.log,
      ...(configurationSet ? { configurationSet } : {}),
      location: process.env.AWS_ENDPOINT_URL_SES ?? `https://${region}.console.aws.amazon.com/ses/home?region=${region}#/account`,
    });
  }
  const dir = path.join(ctx.outDir, "outbox");
  ctx.log.info(
    `mailer: outbox ${dir}${choice ? "" : configured ? autoOffNote(ctx) : " (no email leaves: set SES_SENDER_EMAIL, AWS_REGION and AWS credentials to send with SES)"}`,
  );
  return new OutboxMailer(dir);
}
