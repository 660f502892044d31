/**
 * Offline board: board.json holds every card with its status and history. A person acknowledges a card by adding
 * the label "accepted-risk", or by closing it with "stateReason": "not_planned" (optionally "acknowledgedBy" and
 * "acknowledgedAt"); such a card is reported as acknowledged and never reopened.
 */
import { readFile } from "node:fs/promises";
import type { Role } from "../config/schema.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import { globalRedactor, type Redactor } from "../shared/redact.js";
import { safeTitle } from "../shared/text.js";
import { acknowledgedHow } from "./acknowledge.js";
import { type Board, type BoardSyncResult, type CardSpec, DEFAULT_MAX_NEW_CARDS, emptySyncResult } from "./board.js";
import { aggregateKey, capNewCards, overflowCard } from "./overflow.js";

export interface FileCard extends CardSpec {
  status: "open" | "closed";
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  /** Set by a person who closes a card as not planned (GitHub's wording); the board sets "completed". */
  stateReason?: "completed" | "not_planned";
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  comments: string[];
}

/** Labels the board manages; others (added by people, e.g. accepted-risk) are kept. */
const MANAGED = /^(exec-report$|role:|entity:|priority:|scope:)/;

export interface FileBoardOptions {
  maxNewCards?: number;
  redactor?: Redactor;
}

export class FileBoard implements Board {
  readonly name = "file";
  private queue: Promise<unknown> = Promise.resolve();
  private filed = 0;
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly o: FileBoardOptions = {},
  ) {}

  async sync(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const next = this.queue.then(() => this.syncNow(role, manage, specs, closeComment));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async syncNow(role: Role, manage: string[], input: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const board = await this.read();
    const redactor = this.o.redactor ?? globalRedactor;
    const at = this.now().toISOString();
    const r = emptySyncResult();
    const byFp = new Map(board.cards.map((c) => [c.fingerprint, c]));
    const clean = (s: CardSpec): CardSpec => ({ ...s, title: safeTitle(redactor.redact(s.title)), body: redactor.redact(s.body) });
    const { file, over } = capNewCards(input.map(clean), (fp) => byFp.has(fp), (this.o.maxNewCards ?? DEFAULT_MAX_NEW_CARDS) - this.filed);
    const summary = over.length ? overflowCard(role, aggregateKey(manage), over) : undefined;
    if (summary) file.push(summary);
    for (const s of file) {
      const c = byFp.get(s.fingerprint);
      if (!c) {
        const card: FileCard = { ...s, status: "open", createdAt: at, updatedAt: at, comments: [] };
        board.cards.push(card);
        byFp.set(s.fingerprint, card);
        this.filed++;
        r.created.push(s.fingerprint);
      } else if (!manage.includes(s.entity)) {
        r.unchanged.push(s.fingerprint);
      } else {
        const labels = [...c.labels.filter((l) => !MANAGED.test(l)), ...s.labels];
        const how = acknowledgedHow({ labels: c.labels, state: c.status, stateReason: c.stateReason ?? null });
        if (how) r.acknowledged!.push({ fingerprint: s.fingerprint, how, by: c.acknowledgedBy ?? null, at: c.acknowledgedAt ?? null });
        const changed = c.title !== s.title || c.body !== s.body || c.labels.join() !== labels.join();
        if (c.status === "closed" && how === "not-planned") r.unchanged.push(s.fingerprint);
        else if (c.status === "closed") {
          Object.assign(c, s, { labels, status: "open", updatedAt: at, closedAt: undefined, stateReason: undefined });
          c.comments.push(`${at}: reopened, the finding is back`);
          r.reopened.push(s.fingerprint);
        } else if (changed) {
          Object.assign(c, s, { labels, updatedAt: at });
          r.updated.push(s.fingerprint);
        } else r.unchanged.push(s.fingerprint);
      }
      r.cards.push({ fingerprint: s.fingerprint, url: `board.json#${s.fingerprint}` });
    }
    if (summary) r.overflow = { count: over.length, card: { fingerprint: summary.fingerprint, url: `board.json#${summary.fingerprint}` } };
    const keep = new Set(file.map((s) => s.fingerprint));
    for (const c of board.cards) {
      if (c.role === role && manage.includes(c.entity) && c.status === "open" && !keep.has(c.fingerprint)) {
        c.status = "closed";
        c.stateReason = "completed";
        c.closedAt = at;
        c.updatedAt = at;
        c.comments.push(`${at}: ${redactor.redact(closeComment)}`);
        r.closed.push(c.fingerprint);
      }
    }
    if (r.created.length + r.updated.length + r.closed.length + r.reopened.length > 0) {
      await writeFileAtomic(this.file, `${JSON.stringify(board, null, 2)}\n`);
    }
    return r;
  }

  private async read(): Promise<{ cards: FileCard[] }> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as { cards: FileCard[] };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { cards: [] };
      throw new Error(`${this.file} is not valid JSON (${(e as Error).message}); move it aside to start a fresh board`);
    }
  }
}
