/** Checks the output folder before a run writes or claims anything, so a bad --out is one clear line, not a stack. */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, open, rm, stat, statfs } from "node:fs/promises";
import path from "node:path";
import { UserError } from "./errors.js";

/** Free space a run needs under --out at the least (reports, snapshot, audit): refused below this. */
export const MIN_FREE_BYTES = 1024 * 1024;

const FIX = "choose another --out or fix the folder";

/**
 * Throws a UserError when `dir` cannot hold the run's output: a file in the way, no write permission, a read-only
 * file system, or less than MIN_FREE_BYTES free. Creates nothing (a probe file is removed at once).
 */
export async function checkOutDir(dir: string, minFreeBytes = MIN_FREE_BYTES): Promise<void> {
  // The folder itself, or the nearest existing folder above it (where it would be created).
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await stat(at);
      if (!s.isDirectory())
        throw new UserError(
          at === path.resolve(dir)
            ? `--out ${dir}: a file, not a folder — expected a folder to write the reports in (${FIX})`
            : `--out ${dir}: ${at} is a file — expected a path whose parents are folders (${FIX})`,
        );
      break;
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR")
        throw new UserError(`--out ${dir}: cannot be read (${code ?? String(e)}) — expected a writable folder (${FIX})`);
      const up = path.dirname(at);
      if (up === at) throw new UserError(`--out ${dir}: no existing folder above it — expected a writable folder (${FIX})`);
      at = up;
    }
  }
  try {
    await access(at, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new UserError(describe(dir, at, (e as NodeJS.ErrnoException).code));
  }
  // access() passes for root on a folder it may not really write (a read-only bind mount can still say so): probe.
  const probe = path.join(at, `.exec-reports-probe-${randomBytes(4).toString("hex")}`);
  try {
    const h = await open(probe, "wx");
    try {
      await h.write("x");
    } finally {
      await h.close();
    }
  } catch (e) {
    throw new UserError(describe(dir, at, (e as NodeJS.ErrnoException).code));
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  const fs = await statfs(at).catch(() => undefined);
  if (fs && fs.bavail * fs.bsize < minFreeBytes)
    throw new UserError(
      `--out ${dir}: ${Math.floor((fs.bavail * fs.bsize) / 1024)} KiB free on its file system — expected at least ${Math.round(minFreeBytes / 1024)} KiB (free some space or ${FIX})`,
    );
}

function describe(dir: string, at: string, code: string | undefined): string {
  const where = at === path.resolve(dir) ? "" : ` (its nearest existing folder ${at})`;
  switch (code) {
    case "EROFS":
      return `--out ${dir}${where}: on a read-only file system — expected a writable folder (${FIX})`;
    case "EACCES":
    case "EPERM":
      return `--out ${dir}${where}: not writable by this user — expected a writable folder (${FIX})`;
    case "ENOSPC":
    case "EDQUOT":
      return `--out ${dir}${where}: no space left on the device — expected free space (free some or ${FIX})`;
    default:
      return `--out ${dir}${where}: cannot be written (${code ?? "unknown error"}) — expected a writable folder (${FIX})`;
  }
}
