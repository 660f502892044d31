/** A CommandIo that records what a command prints. */
import type { CommandIo } from "../../src/commands/io.js";

export function recordingIo(cwd: string, env: NodeJS.ProcessEnv = {}): CommandIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    cwd,
    env,
    now: () => new Date("2026-12-01T18:00:00Z"),
    out: (l) => lines.push(...l.split("\n")),
    err: (l) => errors.push(...l.split("\n")),
    lines,
    errors,
  };
}
