/** The analyse stage of a report job: the role's checks on the audience's scoped snapshot, then its memory. */
import type { Report } from "../analyse/report.js";
import { scopeSnapshot } from "../collect/collect.js";
import type { Snapshot } from "../collect/snapshot.js";
import { unwrap } from "../shared/settle.js";
import { buildReport, gapNote } from "./build.js";
import type { Begun } from "./claim.js";
import { followStage } from "./follow.js";
import type { JobContext } from "./job-context.js";

/** A report analysed and remembered, before anything is claimed, written or sent; or why it could not be. */
export type Built = { ok: true; report: Report; scoped: Snapshot } | { ok: false; error: unknown; scoped: Snapshot };

/** Analyses one report; never throws (a failure is carried to the report job, which records it). */
export async function buildStage(b: Begun, snapshot: Snapshot, c: JobContext): Promise<Built> {
  const a = b.audience;
  // Scoped before anything is computed or written: a scoped report never holds another entity's facts.
  const scoped = scopeSnapshot(snapshot, a.scope === "all" ? undefined : a.scope);
  try {
    const history = unwrap(await b.history);
    const last = history[0] ?? null;
    const gap = gapNote(last, b.entry.period, a);
    // The report says it too; the log is what a scheduled run's owner reads.
    if (gap) c.log.warn(`${b.entry.reportId}: ${gap}`);
    const def = c.roles.get(a.role);
    const entities = c.portfolio.entities
      .filter((e) => a.scope === "all" || a.scope.includes(e.id))
      .map((e) => ({ id: e.id, name: e.name }));
    const fresh = buildReport({
      def,
      audience: a,
      snapshot: scoped,
      entities,
      previous: last,
      // The reporting clock: a pinned sample reads the same in any year.
      generatedAt: c.opts.now().toISOString(),
    });
    const followed = followStage({ report: fresh, def, history, scoped, policy: c.policy, timeZone: a.timeZone });
    // Schedules get delayed or disabled: the report says so, right after its figures.
    const report = gap ? { ...followed, summary: [followed.summary[0]!, gap, ...followed.summary.slice(1)] } : followed;
    // Every figure and text is redacted once, here: files, cards, email, archive and notifiers all read this copy.
    return { ok: true, report: c.redactor.redactDeep(report), scoped };
  } catch (error) {
    return { ok: false, error, scoped };
  }
}
