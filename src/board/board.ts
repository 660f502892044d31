/** The Board seam: every action item is a card that lives its whole life on the board. */
import { createHash } from "node:crypto";
import { PRIORITIES } from "../analyse/report.js";
import type { Role } from "../config/schema.js";
import type { StatusReport } from "./status-update.js";

export interface CardSpec {
  fingerprint: string;
  title: string;
  body: string;
  labels: string[];
  role: Role;
  entity: string;
  priority: string;
}

export interface CardRef {
  fingerprint: string;
  url: string;
  number?: number;
}

/** A person has seen a card and decided: labelled accepted-risk, or closed as not planned. */
export interface Acknowledgement {
  fingerprint: string;
  how: "accepted-risk" | "not-planned";
  /** Who did it (a GitHub login, or the name in board.json); null when the board does not say. */
  by: string | null;
  /** When (ISO), or null when the board does not say. */
  at: string | null;
  url?: string;
}

export interface BoardSyncResult {
  created: string[];
  updated: string[];
  closed: string[];
  reopened: string[];
  unchanged: string[];
  cards: CardRef[];
  warnings: string[];
  /** Cards among this sync's findings that a person acknowledged; such a card is never reopened or re-filed. */
  acknowledged?: Acknowledgement[];
  /** New findings over the per-run cap on new cards: not filed one by one but listed on one summary card. */
  overflow?: { count: number; card?: CardRef };
}

/** The label a person puts on a card to accept its risk: the finding stays on the report, marked acknowledged. */
export const ACCEPTED_RISK_LABEL = "accepted-risk";

/** New cards a board files in one run at most: GitHub allows about 80 content creations a minute, and a first run of a large portfolio should not flood the board (the sample files 64). */
export const DEFAULT_MAX_NEW_CARDS = 100;

export interface Board {
  readonly name: string;
  /**
   * Makes the board match the given open cards. For cards whose entity is in `manage` (the entity keys this
   * report keeps current): create, update, reopen, and close the open ones of this role it no longer raises.
   * For any other card: create it when missing, otherwise leave it to the report that manages it. Cards of
   * other roles are never touched, so audiences share cards without rewriting each other.
   */
  sync(role: Role, manage: string[], cards: CardSpec[], closeComment: string): Promise<BoardSyncResult>;
  /**
   * Starts the reads a sync needs (e.g. the listing of existing cards) so they overlap the collection, and creates
   * the labels of `vocabulary` the board lacks until the first sync begins (labelVocabulary: the run's likely labels).
   * Optional; never throws: a failure surfaces from the first sync, where it is handled.
   */
  prefetch?(vocabulary?: string[]): void;
  /** Sends what a sync left queued (Project Status updates batched across reports); returns warnings. */
  flush?(): Promise<string[]>;
  /**
   * Posts a report's executive summary as the project's status update (on track / at risk / off track from its
   * headline KPIs), where the board has a Projects v2 project; returns a warning when it could not.
   */
  postStatus?(report: StatusReport, o: { headline?: string[]; link?: string }): Promise<string | undefined>;
}

/** Labels every card carries. */
export function cardLabels(role: Role, entity: string, priority: string): string[] {
  return ["exec-report", `role:${role}`, entityLabel(entity), `priority:${priority}`];
}

/**
 * The labels a run's cards can carry, most likely first: the board mark, each role's, each priority's, then each
 * entity key's (the aggregates, "portfolio" or scope:<key>, before single entities). `entityKeys` are the cardDomain
 * keys of the run's reports.
 */
export function labelVocabulary(roles: readonly string[], entityKeys: readonly string[]): string[] {
  const aggregates = entityKeys.filter((k) => k === "portfolio" || k.startsWith("scope:"));
  const single = entityKeys.filter((k) => !aggregates.includes(k));
  return [
    ...new Set([
      "exec-report",
      ...roles.map((r) => `role:${r}`),
      ...PRIORITIES.map((p) => `priority:${p}`),
      ...[...aggregates, ...single].map(entityLabel),
    ]),
  ];
}

/** `entity:<id>`, shortened with a hash past GitHub's 50-character label limit (a scope of many entities). */
export function entityLabel(entity: string): string {
  const label = `entity:${entity}`;
  if (label.length <= 50) return label;
  return `${label.slice(0, 41)}~${createHash("sha256").update(entity).digest("hex").slice(0, 8)}`;
}

/** The hidden marker that ties an issue to its action item. */
export function fingerprintMarker(fp: string): string {
  return `<!-- exec-reports:fingerprint=${fp} -->`;
}

export function parseFingerprint(body: string | null | undefined): string | null {
  return /<!-- exec-reports:fingerprint=([a-f0-9]{16}) -->/.exec(body ?? "")?.[1] ?? null;
}

/** A sync result with nothing in it yet. */
export function emptySyncResult(): BoardSyncResult {
  return { created: [], updated: [], closed: [], reopened: [], unchanged: [], cards: [], warnings: [], acknowledged: [] };
}
