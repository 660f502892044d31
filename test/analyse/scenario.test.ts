/**
 * Three periods of one audience, driven through the pure functions with fixture reports: a first report; then
 * a new finding, a resolved one and a KPI crossing its target; then a restated figure and an escalated finding,
 * and an acknowledged one. Each shows in the HTML, the plain text and the Markdown.
 */
import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/analyse/actions.js";
import { followUp } from "../../src/analyse/follow-up.js";
import type { KpiHistoryPoint } from "../../src/analyse/memory.js";
import type { Report } from "../../src/analyse/report.js";
import { policySchema } from "../../src/config/policy.js";
import { renderReport } from "../../src/render/render.js";
import { visibleText } from "../render/email-checks.js";
import { finding, kpi, report } from "./builder.js";

const policy = policySchema.parse({ escalation: { afterPeriods: 3 } });
const runway = (value: number, previous: number | null = null) =>
  kpi("runway", "Runway", value, {
    unit: "months",
    target: { op: ">=", value: 12 },
    status: value >= 12 ? "ok" : "off-target",
    previous,
    delta: previous === null ? null : value - previous,
  });
const burn = (value: number) => kpi("net-burn", "Net burn", value);
const point = (r: Report): KpiHistoryPoint => ({
  period: r.period.label,
  periodStart: r.period.start,
  reportId: r.id,
  values: Object.fromEntries(r.kpis.flatMap((k) => (k.value === null ? [] : [[k.id, k.value]]))),
});

/** What a reader sees in each rendering: HTML text, plain text, and Markdown with its escapes removed. */
function outputs(r: Report) {
  const out = renderReport(r, { links: { report: "https://reports.example.com/r" } });
  return {
    html: visibleText(out.html).replace(/\s+/g, " "),
    text: out.text.replace(/\s+/g, " "),
    markdown: out.markdown
      .replace(/\*\*/g, "")
      .replace(/\\(.)/g, "$1")
      .replace(/\u200d/g, "")
      .replace(/\s+/g, " "),
  };
}

/** Each needle in every rendering; "Tag: text" is a tag cell beside the text in the HTML, one line elsewhere. */
function expectEverywhere(r: Report, ...needles: string[]) {
  for (const [kind, body] of Object.entries(outputs(r)))
    for (const n of needles) {
      const tagged = /^(New|Resolved|Worse|Off target|On target|Escalated|Accepted|Restated): (.*)$/.exec(n);
      if (kind === "html" && tagged) expect(body, `${kind} should say: ${n}`).toContain(`${tagged[1]}${tagged[2]}`);
      else expect(body, `${kind} should say: ${n}`).toContain(n);
    }
}

const A = () => finding("books", "medium", "Books are not closed");
const B = () => finding("backups", "high", "No backups of the ledger");
const C = () => finding("receipts", "high", "Receipts are missing for 4 expenses");

describe("three periods of one audience", () => {
  const p1 = followUp(report("2026-W46", [A(), B()], [runway(13), burn(4210)]), { previous: null, history: [], policy });
  const history1 = [point(p1)];
  const p2 = followUp(report("2026-W47", [A(), C()], [runway(11, 13), burn(4300)]), { previous: p1, history: history1, policy });
  const history2 = [...history1, point(p2)];
  // Today's books say W46's net burn was higher than reported then.
  const recomputed = [{ ...history2[0]!, values: { ...history2[0]!.values, "net-burn": 4635 } }, history2[1]!];
  const cAck = { fingerprint: fingerprint("cfo", C().id), how: "accepted-risk" as const, by: "octo-cfo", at: "2026-11-27T10:00:00Z" };
  const p3 = followUp(report("2026-W48", [A(), C()], [runway(11.5, 11), burn(4400)]), {
    previous: p2,
    history: history2,
    recomputed,
    acknowledgements: [cAck],
    policy,
  });

  it("period 1: a first report says so once, and remembers when each finding opened", () => {
    expect(p1.changes.previous).toBeNull();
    expect(p1.findings.map((f) => [f.id, f.memory?.openSince, f.memory?.periodsOpen])).toEqual([
      ["backups:alpha", "2026-W46", 1],
      ["books:alpha", "2026-W46", 1],
    ]);
    expectEverywhere(p1, "First report for this audience: nothing to compare with yet.");
    const { html } = outputs(p1);
    expect(html.split("First report for this audience").length - 1).toBe(2); // the section and the summary line
    expect(html).not.toContain("no earlier value");
  });

  it("period 2: a new finding, a resolved one and a KPI that crossed its target", () => {
    expect(p2.changes.previous).toEqual({ id: "cfo-weekly.2026-W46", period: "2026-W46", generatedAt: p1.generatedAt });
    expect(p2.changes.new.map((f) => f.id)).toEqual(["receipts:alpha"]);
    expect(p2.changes.resolved.map((f) => f.id)).toEqual(["backups:alpha"]);
    expect(p2.changes.crossedTarget).toEqual([
      { kpi: "runway", label: "Runway", unit: "months", direction: "missed", from: 13, to: 11, target: { op: ">=", value: 12 } },
    ]);
    expect(p2.findings.find((f) => f.id === "books:alpha")!.memory).toEqual({ openSince: "2026-W46", periodsOpen: 2 });
    expectEverywhere(
      p2,
      "Since 2026-W46 (report cfo-weekly.2026-W46",
      "New: Receipts are missing for 4 expenses (high)",
      "Resolved: No backups of the ledger",
      "Off target: Runway: 13 mo → 11 mo (target ≥ 12 mo)",
    );
  });

  it("period 3: a restated figure, an escalated finding, and an acknowledged one that does not escalate", () => {
    expect(p3.changes.restated).toEqual([
      { kpi: "net-burn", label: "Net burn", unit: "usd", period: "2026-W46", reported: 4210, now: 4635 },
    ]);
    const a = p3.findings.find((f) => f.id === "books:alpha")!;
    expect(a).toMatchObject({
      severity: "high",
      memory: { openSince: "2026-W46", periodsOpen: 3, escalated: { from: "medium", periods: 3 } },
    });
    expect(p3.actions.find((x) => x.findingIds[0] === a.id)!.priority).toBe("P2");
    expect(p3.changes.escalated.map((f) => [f.id, f.from, f.severity])).toEqual([["books:alpha", "medium", "high"]]);
    const c = p3.findings.find((f) => f.id === "receipts:alpha")!;
    expect(c.memory!.acknowledged).toEqual({ how: "accepted-risk", by: "octo-cfo", at: "2026-11-27T10:00:00Z" });
    expect(p3.actions.find((x) => x.findingIds[0] === c.id)).toMatchObject({ acknowledged: { how: "accepted-risk", by: "octo-cfo" } });
    expect(p3.changes.accepted.map((f) => f.id)).toEqual(["receipts:alpha"]);
    expectEverywhere(
      p3,
      "Restated: 2026-W46 net burn was reported as $4,210; the books now say $4,635.",
      "Escalated: Books are not closed (medium → high after 3 periods open)",
      "Accepted: Receipts are missing for 4 expenses: risk accepted by octo-cfo on 2026-11-27",
    );
    // The accepted risk leaves the agenda but stays on record, with who and when.
    const { html } = outputs(p3);
    expect(html).toContain("Accepted risks");
  });

  it("period 3 again, after someone accepts the escalated finding on its card: no escalation, shown as accepted", () => {
    const aAck = { fingerprint: fingerprint("cfo", A().id), how: "not-planned" as const, by: "octo-ceo", at: "2026-11-28T09:00:00Z" };
    const again = followUp(report("2026-W48", [A(), C()], [runway(11.5, 11), burn(4400)]), {
      previous: p2,
      history: history2,
      recomputed,
      acknowledgements: [cAck, aAck],
      policy,
    });
    const a = again.findings.find((f) => f.id === "books:alpha")!;
    expect(a.severity).toBe("medium");
    expect(a.memory!.escalated).toBeUndefined();
    expect(again.changes.escalated).toEqual([]);
    expect(again.actions.every((x) => x.acknowledged)).toBe(true);
    expectEverywhere(again, "Accepted: Books are not closed: closed as not planned by octo-ceo on 2026-11-28", "No actions this period.");
  });
});
