/** Rules with memory: KPI thresholds with a grace period, check grace, escalation, acknowledgements. */
import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/analyse/actions.js";
import { applyMemory, periodsFrom, thresholdState } from "../../src/analyse/memory.js";
import { policySchema } from "../../src/config/policy.js";
import { finding, kpi, report } from "./builder.js";

const policy = policySchema.parse({
  kpis: { runway: { breach: "below", warn: 12, critical: 6, grace: 2 }, "net-burn": { breach: "above", critical: 5000 } },
  grace: { default: 1, checks: { unusual: 2 } },
  escalation: { afterPeriods: 4, checks: { fast: 2 } },
});
const runway = (v: number) => kpi("runway", "Runway", v, { unit: "months" });

describe("periodsFrom", () => {
  it("counts periods between labels of one kind, 0 for the same one", () => {
    expect(periodsFrom("2026-W47", "2026-W48")).toBe(1);
    expect(periodsFrom("2026-W52", "2027-W02")).toBe(3);
    expect(periodsFrom("2026-10", "2026-12")).toBe(2);
    expect(periodsFrom("2026-W48", "2026-W48")).toBe(0);
    expect(periodsFrom("2026-11", "2026-W48")).toBe(1);
  });
});

describe("KPI thresholds", () => {
  it("judge a breach in the policy's direction and count the periods in a row from history", () => {
    const t = policy.kpis.runway!;
    const history = [
      { period: "2026-W47", values: { runway: 10 } },
      { period: "2026-W46", values: { runway: 11 } },
      { period: "2026-W45", values: { runway: 13 } },
      { period: "2026-W44", values: { runway: 5 } },
    ];
    expect(thresholdState(runway(5.5), t, 1, history)).toEqual({
      breach: "below",
      warn: 12,
      critical: 6,
      level: "critical",
      periodsInBreach: 3,
      grace: 2,
    });
    expect(thresholdState(runway(12), t, 1, history)).toMatchObject({ level: "ok", periodsInBreach: 0 });
    expect(thresholdState(kpi("runway", "Runway", null as never, { status: "missing" } as never), t, 1, history)).toBeUndefined();
  });

  it("watch a breach inside its grace period, then raise a finding and an action", () => {
    const first = applyMemory(report("2026-W48", [], [runway(10)]), { previous: null, history: [], acknowledgements: [], policy });
    expect(first.findings).toEqual([]);
    expect(first.watching).toEqual([
      expect.objectContaining({ id: "kpi-threshold:portfolio:runway", kind: "kpi", periodsSeen: 1, grace: 2 }),
    ]);
    expect(first.kpis[0]!.threshold).toMatchObject({ level: "warn", periodsInBreach: 1 });

    const second = applyMemory(report("2026-W49", [], [runway(5)]), {
      previous: first,
      history: [{ period: "2026-W48", values: { runway: 10 } }],
      acknowledgements: [],
      policy,
    });
    expect(second.watching).toEqual([]);
    expect(second.findings).toEqual([
      expect.objectContaining({
        id: "kpi-threshold:portfolio:runway",
        severity: "critical",
        title: "Runway 5 mo is below its critical threshold of 6 mo for 2 periods in a row",
        recommendation: "Bring runway back above 12 mo.",
      }),
    ]);
    expect(second.actions.map((a) => [a.priority, a.title])).toEqual([["P1", "Portfolio: Bring runway back above 12 mo"]]);
  });

  it("alert at once without a grace period, high at warn", () => {
    const r = applyMemory(report("2026-W48", [], [kpi("net-burn", "Net burn", 6000)]), {
      previous: null,
      history: [],
      acknowledgements: [],
      policy,
    });
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([
      ["critical", "Net burn $6,000 is above its critical threshold of $5,000"],
    ]);
  });
});

describe("check grace", () => {
  it("holds a finding of a check with a grace period until it has been seen that many periods in a row", () => {
    const unusual = finding("unusual", "medium", "Unusual fuel expense");
    const first = applyMemory(report("2026-W47", [unusual], []), { previous: null, history: [], acknowledgements: [], policy });
    expect(first.findings).toEqual([]);
    expect(first.actions).toEqual([]);
    expect(first.watching).toEqual([expect.objectContaining({ id: "unusual:alpha", periodsSeen: 1, grace: 2, finding: unusual })]);
    const second = applyMemory(report("2026-W48", [unusual], []), { previous: first, history: [], acknowledgements: [], policy });
    expect(second.findings.map((f) => [f.id, f.memory])).toEqual([["unusual:alpha", { openSince: "2026-W48", periodsOpen: 1 }]]);
    expect(second.watching).toEqual([]);
  });
});

describe("escalation and acknowledgement", () => {
  const chain = (periods: string[], acks: { fingerprint: string; how: "accepted-risk"; by: string; at: string }[] = []) => {
    let prev = null;
    for (const p of periods)
      prev = applyMemory(report(p, [finding("fast", "medium", "Slow close"), finding("slow", "low", "Typo")], []), {
        previous: prev,
        history: [],
        acknowledgements: acks,
        policy,
      });
    return prev!;
  };

  it("raises a finding one step once it has been open its check's periods, and its action's priority", () => {
    const r = chain(["2026-W46", "2026-W47"]);
    const fast = r.findings.find((f) => f.check === "fast")!;
    expect(fast).toMatchObject({
      severity: "high",
      memory: { openSince: "2026-W46", periodsOpen: 2, escalated: { from: "medium", periods: 2 } },
    });
    expect(r.actions.find((a) => a.findingIds[0] === fast.id)!.priority).toBe("P2");
    // One step only, however long it stays open.
    expect(chain(["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]).findings.map((f) => f.severity)).toEqual([
      "high",
      "medium",
    ]);
  });

  it("counts skipped periods as open, and a rerun of the same period adds none", () => {
    const a = applyMemory(report("2026-W40", [finding("slow", "low", "Typo")], []), {
      previous: null,
      history: [],
      acknowledgements: [],
      policy,
    });
    const b = applyMemory(report("2026-W43", [finding("slow", "low", "Typo")], []), {
      previous: a,
      history: [],
      acknowledgements: [],
      policy,
    });
    expect(b.findings[0]!.memory).toEqual({ openSince: "2026-W40", periodsOpen: 4, escalated: { from: "low", periods: 4 } });
    const again = applyMemory(report("2026-W43", [finding("slow", "low", "Typo")], []), {
      previous: b,
      history: [],
      acknowledgements: [],
      policy,
    });
    expect(again.findings[0]!.memory!.periodsOpen).toBe(4);
  });

  it("never escalates an accepted risk, and ranks its action last", () => {
    const ack = {
      fingerprint: fingerprint("cfo", "fast:alpha"),
      how: "accepted-risk" as const,
      by: "octo-cfo",
      at: "2026-11-20T09:00:00Z",
    };
    const r = chain(["2026-W46", "2026-W47"], [ack]);
    const fast = r.findings.find((f) => f.check === "fast")!;
    expect(fast.severity).toBe("medium");
    expect(fast.memory).toEqual({
      openSince: "2026-W46",
      periodsOpen: 2,
      acknowledged: { how: "accepted-risk", by: "octo-cfo", at: ack.at },
    });
    expect(r.actions.map((a) => [a.findingIds[0], a.acknowledged?.by ?? null])).toEqual([
      ["slow:alpha", null],
      ["fast:alpha", "octo-cfo"],
    ]);
  });

  it("is idempotent: remembering a remembered report gives the same report", () => {
    const r = chain(["2026-W46", "2026-W47"]);
    const prev = chain(["2026-W46"]);
    expect(applyMemory(r, { previous: prev, history: [], acknowledgements: [], policy })).toEqual(r);
  });
});
