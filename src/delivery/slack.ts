/** Slack incoming-webhook notifier: one message per role run with the headline KPIs, counts, delivery status and links. */
import { type Kpi, SEVERITIES } from "../analyse/report.js";
import { formatDelta, formatValue, type Unit } from "../shared/format.js";
import type { Notifier, RoleOutcome } from "./notifier.js";
import { type PostOptions, postJson } from "./post-json.js";

const STATUS_TEXT = {
  sent: "sent",
  rendered: "rendered to the outbox (no email sent)",
  skipped: "skipped (already sent)",
  failed: "FAILED",
  "dry-run": "dry run (nothing sent)",
  held: "HELD (no email sent: degraded data)",
} as const;
// Slack rejects a section field over 2,000 characters and more than 10 fields; a header over 150.
const MAX_FIELDS = 10;
const MAX_CARD_LINKS = 10;

/** Escapes the three characters Slack mrkdwn treats as control characters. */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function kpiLine(k: Kpi): string {
  const unit = k.unit as Unit;
  if (k.status === "missing") return `*${escapeSlack(k.label)}*\nmissing`;
  const delta = k.delta === null ? "first run" : formatDelta(k.delta, unit);
  const flag = k.status === "off-target" ? " :warning:" : "";
  return `*${escapeSlack(k.label)}*\n${escapeSlack(formatValue(k.value, unit))} (${escapeSlack(delta)})${flag}`;
}

/** The Slack message (text + blocks) for one role run; pure, so tests can read it. */
export function slackMessage(o: RoleOutcome): { text: string; blocks: unknown[] } {
  const r = o.report;
  const role = r.roleLabel;
  const status = STATUS_TEXT[o.status];
  const bySeverity = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const findings = bySeverity.length ? bySeverity.map(([s, n]) => `${n} ${s}`).join(", ") : "none";
  const text = `${role} report ${r.period.label}: ${status} · ${r.kpis.length} KPIs, ${r.findings.length} findings, ${r.actions.length} actions`;
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: `${role} report · ${r.period.label}`.slice(0, 150) } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: [
          `*Delivery:* ${status}${o.error ? ` — ${escapeSlack(o.error.slice(0, 500))}` : ""}`,
          `*Findings:* ${findings} · *Actions:* ${r.actions.length}`,
          `*Cards:* ${o.cards.created} opened, ${o.cards.updated} updated, ${o.cards.closed} closed, ${o.cards.reopened} reopened`,
        ].join("\n"),
      },
    },
  ];
  const headline = r.kpis.slice(0, MAX_FIELDS);
  if (headline.length) blocks.push({ type: "section", fields: headline.map((k) => ({ type: "mrkdwn", text: kpiLine(k).slice(0, 2000) })) });
  const links = o.cards.urls.slice(0, MAX_CARD_LINKS).map((u, i) => `<${u}|card ${i + 1}>`);
  if (links.length)
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Cards:* ${links.join(" · ")}${o.cards.urls.length > MAX_CARD_LINKS ? ` and ${o.cards.urls.length - MAX_CARD_LINKS} more` : ""}`,
      },
    });
  const context = [`report \`${r.id}\``];
  if (o.runUrl) context.push(`<${o.runUrl}|workflow run>`);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] });
  return { text, blocks };
}

/** Posts one Slack message per role run to an incoming webhook. */
export class SlackNotifier implements Notifier {
  readonly name = "slack";
  constructor(
    private readonly url: string,
    private readonly opts: PostOptions = {},
  ) {}

  async notify(outcome: RoleOutcome): Promise<void> {
    await postJson("Slack webhook", this.url, slackMessage(outcome), this.opts);
  }
}
