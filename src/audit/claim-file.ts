/**
 * The file audit's storage primitives: claim files that can still be settled on a full disk, and a cross-process lock
 * that never leaves a 0-byte file behind.
 *
 * A claim file is written padded to a multiple of CLAIM_BYTES. Normally it is replaced atomically (temp file + rename);
 * when that fails for lack of space, the new content is written over the old in place, which needs no new blocks, so a
 * run on a full disk can still mark its claim sent or release it as failed.
 */
import { open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../shared/fs-atomic.js";

export const CLAIM_BYTES = 4096;
const NO_SPACE = new Set(["ENOSPC", "EDQUOT"]);

/** True for the errors of a full disk or quota. */
export function isNoSpace(e: unknown): boolean {
  return NO_SPACE.has((e as NodeJS.ErrnoException)?.code ?? "");
}

function padded(json: string): Buffer {
  const body = Buffer.from(`${json}\n`);
  const size = Math.ceil(body.length / CLAIM_BYTES) * CLAIM_BYTES;
  return Buffer.concat([body, Buffer.alloc(size - body.length, 0x20)]);
}

/** Writes a claim file; on a full disk, over the existing one in place. Throws when neither is possible. */
export async function writeClaimFile(file: string, value: unknown): Promise<"atomic" | "in-place"> {
  const bytes = padded(JSON.stringify(value));
  try {
    await writeFileAtomic(file, bytes);
    return "atomic";
  } catch (e) {
    if (!isNoSpace(e)) throw e;
    const current = await stat(file).catch(() => undefined);
    if (!current || current.size < bytes.length) throw e;
    const h = await open(file, "r+");
    try {
      // Same size as before, blanks after the JSON: no new block is needed.
      await h.write(Buffer.concat([bytes, Buffer.alloc(current.size - bytes.length, 0x20)]), 0, current.size, 0);
      await h.sync().catch(() => undefined);
    } finally {
      await h.close();
    }
    return "in-place";
  }
}

/** Parses a JSON file; null when it does not exist. */
export async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); move it aside to start a fresh audit log`);
  }
}

/** This process, as recorded in a claim or a lock, so another run on the same machine can tell it died. */
export interface Holder {
  host: string;
  pid: number;
}
export const self = (): Holder => ({ host: os.hostname(), pid: process.pid });

/** True when the holder ran on this machine and its process is gone. */
export function holderDead(h: Holder | undefined): boolean {
  if (!h || h.host !== os.hostname() || !Number.isInteger(h.pid) || h.pid <= 0) return false;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** A lock held longer than this is taken as abandoned: the work under it takes milliseconds. */
const STALE_LOCK_MS = 10_000;

/**
 * A cross-process lock file. Ownership is the file's inode, not its content, so a lock taken on a full disk (an empty
 * file: an inode, no block) still works; the holder is written when there is room, so a dead holder's lock is broken
 * at once. The lock is removed on every path out, including a failed write.
 */
export async function withLock<T>(lock: string, f: () => Promise<T>): Promise<T> {
  let ino: number | undefined;
  for (let i = 0; ino === undefined; i++) {
    let created = false;
    try {
      const h = await open(lock, "wx");
      created = true;
      try {
        ino = (await h.stat()).ino;
        // Best effort: on a full disk the lock stays empty, and still works.
        await h.writeFile(JSON.stringify(self())).catch(() => undefined);
      } finally {
        await h.close();
      }
    } catch (e) {
      if (created) {
        await rm(lock, { force: true }).catch(() => undefined);
        throw e;
      }
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const s = await stat(lock).catch(() => undefined);
      const holder = await readFile(lock, "utf8")
        .then((t) => JSON.parse(t) as Holder)
        .catch(() => undefined);
      if (!s || holderDead(holder) || Date.now() - s.mtimeMs > STALE_LOCK_MS || i > 400)
        await rm(lock, { force: true }).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await f();
  } finally {
    const now = await stat(lock).catch(() => undefined);
    if (now?.ino === ino) await rm(lock, { force: true }).catch(() => undefined);
  }
}

/** The claims folder under OUT. */
export const claimsDir = (dir: string) => path.join(dir, ".claims");
