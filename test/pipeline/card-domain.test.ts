/**
 * The labels created ahead of a run (while the sources are read) are the labels its cards carry: an audience's domain
 * known before its report exists equals the report's own, and the vocabulary covers every card label of that domain.
 */
import { describe, expect, it } from "vitest";
import { PRIORITIES, type Report } from "../../src/analyse/report.js";
import { cardLabels, labelVocabulary } from "../../src/board/board.js";
import { type Audience, scopeKey } from "../../src/config/audiences.js";
import { audienceDomain, cardDomain } from "../../src/pipeline/track.js";

const ENTITIES = ["north-cafe", "harbor-saas", "eventful"];
const audience = (scope: Audience["scope"], role = "cfo"): Audience => ({ id: `x-${role}`, role, scope }) as unknown as Audience;
const reportFor = (a: Audience): Report =>
  ({
    role: a.role,
    scope: {
      key: scopeKey(a),
      entities: (a.scope === "all" ? ENTITIES : a.scope).map((id) => ({ id, name: id })),
    },
  }) as unknown as Report;

describe("labels known before the reports", () => {
  it("an audience's card domain before analysis is its report's", () => {
    for (const a of [audience("all"), audience(["harbor-saas"]), audience(["north-cafe", "eventful"], "cmo")])
      expect(audienceDomain(a, ENTITIES)).toEqual(cardDomain(reportFor(a)));
  });

  it("the vocabulary holds every label a card of the run can carry, each once", () => {
    const run = [audience("all", "ceo"), audience(["harbor-saas"], "cto")];
    const vocabulary = labelVocabulary(
      run.map((a) => a.role),
      run.flatMap((a) => audienceDomain(a, ENTITIES)),
    );
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    for (const a of run)
      for (const key of cardDomain(reportFor(a)))
        for (const p of PRIORITIES) for (const l of cardLabels(a.role, key, p)) expect(vocabulary).toContain(l);
    expect(vocabulary).not.toContain("role:cfo");
  });
});
