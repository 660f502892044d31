/** The track stage: each action item becomes a card; the report's actions then link to their cards. */
import type { Report } from "../analyse/report.js";
import type { Board, BoardSyncResult } from "../board/board.js";
import { cardLabels } from "../board/board.js";
import { type Audience, scopeKey } from "../config/audiences.js";
import { renderCardBody } from "../render/render.js";
import { errorText } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";

export interface TrackOptions {
  board: Board;
  /** Entity keys whose cards this report updates and closes; for the others it only creates missing cards. */
  manage: string[];
  log: Logger;
  redact: (s: string) => string;
}

/** The entities whose cards a report owns: its scope's entities and its own aggregate ("portfolio" or scope:<key>). */
export function cardDomain(report: Report): string[] {
  const aggregate = report.scope.key === "all" ? "portfolio" : `scope:${report.scope.key}`;
  return [...report.scope.entities.map((e) => e.id), aggregate];
}

/** cardDomain before the report exists: the entity keys an audience's cards can carry. */
export function audienceDomain(a: Audience, entityIds: readonly string[]): string[] {
  return a.scope === "all" ? [...entityIds, "portfolio"] : [...a.scope, `scope:${scopeKey(a)}`];
}

/**
 * Syncs the report's cards and returns the report with card links. A board failure never stops the report:
 * the summary says the board is behind and the next run catches up.
 */
export async function track(report: Report, o: TrackOptions): Promise<{ report: Report; board?: BoardSyncResult }> {
  const specs = report.actions.map((a) => ({
    fingerprint: a.fingerprint,
    title: o.redact(a.title),
    body: o.redact(renderCardBody(report, a)),
    labels: cardLabels(report.role, a.entity, a.priority),
    role: report.role,
    entity: a.entity,
    priority: a.priority,
  }));
  try {
    const board = await o.board.sync(report.role, o.manage, specs, `Resolved: the finding no longer appears in ${report.id}.`);
    for (const w of board.warnings) o.log.warn(w);
    const urls = new Map(board.cards.map((x) => [x.fingerprint, x.url]));
    return { report: { ...report, actions: report.actions.map((a) => ({ ...a, cardUrl: urls.get(a.fingerprint) })) }, board };
  } catch (e) {
    const note = `The ${o.board.name} board was not updated: ${o.redact(errorText(e))}. The next run will catch up.`;
    o.log.warn(`${report.id}: ${note}`);
    return { report: { ...report, summary: [...report.summary, note] } };
  }
}

const CADENCE_ORDER = { weekly: 0, monthly: 1, quarterly: 2 } as const;

/**
 * Which audience keeps each card current. Several audiences may raise the same finding (a weekly and a monthly
 * report of one role, an entity manager's report and the all-entity one); one of them — the most frequent,
 * then the broadest, then the first listed — updates and closes the card, so they never rewrite each other.
 * Any of them may create a card that does not exist yet. Returns role|entity-key → audience id.
 */
export function cardOwners(audiences: Audience[]): Map<string, string> {
  const ranked = [...audiences].sort(
    (a, b) =>
      CADENCE_ORDER[a.cadence] - CADENCE_ORDER[b.cadence] ||
      Number(b.scope === "all") - Number(a.scope === "all") ||
      audiences.indexOf(a) - audiences.indexOf(b),
  );
  const owners = new Map<string, string>();
  const claim = (role: string, key: string, id: string) => {
    if (!owners.has(`${role}|${key}`)) owners.set(`${role}|${key}`, id);
  };
  for (const a of ranked) {
    if (a.scope === "all") claim(a.role, "*", a.id);
    else for (const e of a.scope) claim(a.role, e, a.id);
    claim(a.role, a.scope === "all" ? "portfolio" : `scope:${scopeKey(a)}`, a.id);
  }
  return owners;
}

/** The entity keys of a report's domain whose cards this audience keeps current. */
export function managedKeys(report: Report, audienceId: string, owners: Map<string, string>): string[] {
  return cardDomain(report).filter((key) => {
    const direct = owners.get(`${report.role}|${key}`);
    const viaAll = owners.get(`${report.role}|*`);
    const isAggregate = key === "portfolio" || key.startsWith("scope:");
    return (isAggregate ? direct : (viaAll ?? direct)) === audienceId;
  });
}
