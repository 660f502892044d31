/** The Board seam: every action item is a card that lives its whole life on the board. */
import type { Role } from "../config/schema.js";

export interface CardSpec {
  fingerprint: string;
  title: string;
  body: string;
  labels: string[];
  role: Role;
  scope: string;
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
  /** Makes the board match the given open cards for this role and scope: create, update, reopen; close the rest. */
  sync(role: Role, scope: string, cards: CardSpec[], closeComment: string): Promise<BoardSyncResult>;
  /**
   * Starts the reads a sync needs (e.g. the listing of existing cards) so they overlap the collection.
   * Optional; never throws: a failure surfaces from the first sync, where it is handled.
   */
  prefetch?(): void;
}

/** Labels every card carries. */
export function cardLabels(role: Role, entity: string, priority: string): string[] {
  return ["exec-report", `role:${role}`, `entity:${entity}`, `priority:${priority}`];
}

/** The hidden marker that ties an issue to its action item. */
export function fingerprintMarker(fp: string): string {
  return `<!-- exec-reports:fingerprint=${fp} -->`;
}

export function parseFingerprint(body: string | null | undefined): string | null {
  return /<!-- exec-reports:fingerprint=([a-f0-9]{16}) -->/.exec(body ?? "")?.[1] ?? null;
}
