/** Notifier selection: Slack and a generic JSON webhook when their URLs are set. */

import type { Notifier } from "../delivery/notifier.js";
import type { PostOptions } from "../delivery/post-json.js";
import { SlackNotifier } from "../delivery/slack.js";
import { WebhookNotifier } from "../delivery/webhook.js";
import type { SelectContext } from "./context.js";

/** Slack when a webhook URL is given (input or SLACK_WEBHOOK_URL), the JSON webhook when webhook-url is given. */
export async function selectNotifiers(
  ctx: SelectContext,
  tuning: Pick<PostOptions, "retryBaseMs" | "timeoutMs"> = {},
): Promise<Notifier[]> {
  const out: Notifier[] = [];
  const opts: PostOptions = { log: ctx.log, ...tuning };
  const slack = ctx.slackWebhookUrl || ctx.env.SLACK_WEBHOOK_URL;
  if (slack) {
    // The URL is the credential: whoever has it can post to the channel.
    ctx.log.secret(slack);
    out.push(new SlackNotifier(slack, opts));
  }
  if (ctx.webhookUrl) {
    ctx.log.secret(ctx.webhookUrl);
    out.push(new WebhookNotifier(ctx.webhookUrl, opts));
  }
  if (out.length) ctx.log.info(`notifiers: ${out.map((n) => n.name).join(", ")}`);
  return out;
}
