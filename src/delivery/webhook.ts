/** Generic JSON webhook notifier: a dashboard receives the Report summary of every role run. */
import { SEVERITIES } from "../analyse/report.js";
import type { Notifier, RoleOutcome } from "./notifier.js";
import { type PostOptions, postJson } from "./post-json.js";

/** The JSON a dashboard receives: headline figures of one role run, no rendered bodies and no recipients. */
export function reportSummary(o: RoleOutcome) {
  const r = o.report;
  return {
    schema: "exec-reports.summary/1",
    reportId: r.id,
    role: r.role,
    period: r.period,
    scope: r.scope,
    generatedAt: r.generatedAt,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
    summary: r.summary,
    kpis: r.kpis.map((k) => ({
      id: k.id,
      label: k.label,
      unit: k.unit,
      value: k.value,
      previous: k.previous,
      delta: k.delta,
      status: k.status,
      ...(k.target ? { target: k.target } : {}),
    })),
    counts: {
      kpis: r.kpis.length,
      findings: r.findings.length,
      findingsBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length])),
      actions: r.actions.length,
    },
    cards: o.cards,
    ...(o.runUrl ? { runUrl: o.runUrl } : {}),
  };
}

/** POSTs the report summary as JSON to a configured URL. */
export class WebhookNotifier implements Notifier {
  readonly name = "webhook";
  constructor(
    private readonly url: string,
    private readonly opts: PostOptions = {},
  ) {}

  async notify(outcome: RoleOutcome): Promise<void> {
    await postJson("JSON webhook", this.url, reportSummary(outcome), this.opts);
  }
}
