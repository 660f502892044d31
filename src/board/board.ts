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

export interface BoardSyncResult {
  created: string[];
  updated: string[];
  closed: string[];
  reopened: string[];
  unchanged: string[];
  cards: CardRef[];
  warnings: string[];
}

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
