/** Offline board: board.json holds every card with its status and history. */
import { readFile } from "node:fs/promises";
import type { Role } from "../config/schema.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import type { Board, BoardSyncResult, CardSpec } from "./board.js";

export interface FileCard extends CardSpec {
  status: "open" | "closed";
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  comments: string[];
}

export class FileBoard implements Board {
  readonly name = "file";
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sync(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const next = this.queue.then(() => this.syncNow(role, manage, specs, closeComment));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async syncNow(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const board = await this.read();
    const at = this.now().toISOString();
    const r: BoardSyncResult = { created: [], updated: [], closed: [], reopened: [], unchanged: [], cards: [], warnings: [] };
    const byFp = new Map(board.cards.map((c) => [c.fingerprint, c]));
    for (const s of specs) {
      const c = byFp.get(s.fingerprint);
      if (!c) {
        const card: FileCard = { ...s, status: "open", createdAt: at, updatedAt: at, comments: [] };
        board.cards.push(card);
        byFp.set(s.fingerprint, card);
        r.created.push(s.fingerprint);
      } else if (!manage.includes(s.entity)) {
        r.unchanged.push(s.fingerprint);
      } else {
        const changed = c.title !== s.title || c.body !== s.body || c.labels.join() !== s.labels.join();
        if (c.status === "closed") {
          Object.assign(c, s, { status: "open", updatedAt: at, closedAt: undefined });
          c.comments.push(`${at}: reopened, the finding is back`);
          r.reopened.push(s.fingerprint);
        } else if (changed) {
          Object.assign(c, s, { updatedAt: at });
          r.updated.push(s.fingerprint);
        } else r.unchanged.push(s.fingerprint);
      }
      r.cards.push({ fingerprint: s.fingerprint, url: `board.json#${s.fingerprint}` });
    }
    const keep = new Set(specs.map((s) => s.fingerprint));
    for (const c of board.cards) {
      if (c.role === role && manage.includes(c.entity) && c.status === "open" && !keep.has(c.fingerprint)) {
        c.status = "closed";
        c.closedAt = at;
        c.updatedAt = at;
        c.comments.push(`${at}: ${closeComment}`);
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
