/** Runs the CLI as a user would: a child process with tsx, in the repository root. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DATA_DIR, ROOT } from "./sample.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/cli.ts ARGS` with a clean environment (no AWS or GitHub settings leak in). */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...env };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "src/cli.ts"), ...args],
      { cwd: ROOT, env: clean, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

export async function tempDir(prefix = "exec-reports-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A copy of the sample data directory that a test may break. */
export async function copyData(): Promise<string> {
  const dir = path.join(await tempDir("exec-data-"), "data");
  await cp(DATA_DIR, dir, { recursive: true });
  return dir;
}

/** Hash of every file (path, size, content) under a directory, to prove nothing changed. */
export async function treeHash(dir: string): Promise<string> {
  const h = createHash("sha256");
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        h.update(path.relative(dir, p));
        h.update(String((await stat(p)).size));
        h.update(await readFile(p));
      }
    }
  };
  await walk(dir);
  return h.digest("hex");
}
