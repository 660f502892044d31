/** The notify stage: one short message per report to Slack or a webhook. A failed post is a warning only. */
import type { Notifier, RoleOutcome } from "../delivery/notifier.js";
import { errorText } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import type { ReportResult } from "./types.js";

export async function notify(
  notifiers: Notifier[],
  r: ReportResult,
  o: { runUrl?: string; log: Logger; redact: (s: string) => string },
): Promise<void> {
  if (!r.report || notifiers.length === 0) return;
  const outcome: RoleOutcome = {
    report: r.report,
    status: r.status,
    messageIds: r.messageIds,
    cards: {
      created: r.board?.created.length ?? 0,
      updated: r.board?.updated.length ?? 0,
      closed: r.board?.closed.length ?? 0,
      reopened: r.board?.reopened.length ?? 0,
      urls: r.board?.cards.map((x) => x.url) ?? [],
    },
    ...(o.runUrl ? { runUrl: o.runUrl } : {}),
    ...(r.error || r.reason ? { error: o.redact(r.error ?? r.reason!) } : {}),
  };
  for (const n of notifiers) {
    try {
      await n.notify(outcome);
    } catch (e) {
      o.log.warn(`${n.name} notification for ${r.reportId} failed: ${o.redact(errorText(e))}`);
    }
  }
}
