/** The run's clock: --now when given, else the instant a sample portfolio pins in data (defaults.now), else the real time. */
import path from "node:path";
import { parse } from "yaml";
import { UserError } from "../shared/errors.js";
import { readDataFile } from "./read-file.js";

export interface Clock {
  now: () => Date;
  /** Where the time comes from, for the run's first lines. */
  source: "flag" | "data" | "system";
  /** The data pins a clock (a sample portfolio), whether or not --now replaces it for this run. */
  pinned: boolean;
}

/** Parses an ISO instant (with Z or an offset) or throws a UserError naming the flag. */
export function parseInstant(v: string, what = "--now"): Date {
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(t)) {
    throw new UserError(`${what} "${v}" is not an ISO instant: expected e.g. 2026-11-30T06:17:00Z`);
  }
  return new Date(t);
}

/** A fixed clock from --now, the data's pinned instant, or the system clock. Invalid data is reported later by the loader. */
export async function resolveClock(dataDir: string, flag: string | undefined, system: () => Date): Promise<Clock> {
  const fromFlag = flag ? parseInstant(flag) : undefined;
  let pinned: unknown;
  // The safe read: a FIFO, a device or an oversized file is refused without blocking (the loader then names it).
  const read = await readDataFile(path.join(dataDir, "portfolio.yaml"));
  try {
    pinned = read.ok ? (parse(read.text, { maxAliasCount: 10 }) as { defaults?: { now?: unknown } })?.defaults?.now : undefined;
  } catch {
    pinned = undefined;
  }
  const isPinned = typeof pinned === "string" && !Number.isNaN(Date.parse(pinned));
  if (fromFlag) return { now: () => new Date(fromFlag), source: "flag", pinned: isPinned };
  if (isPinned) {
    const t = new Date(Date.parse(pinned as string));
    return { now: () => new Date(t), source: "data", pinned: true };
  }
  return { now: system, source: "system", pinned: false };
}
