/**
 * The malformed-input corpus (its helpers; the cases are in corpus-*.ts): each case breaks a copy of test/fixtures/corpus/ (a small portfolio of its own, so edits
 * to data/ never break it) in one way, and names the one line of error it must give. Classes: YAML syntax, schema,
 * numbers, integrity, strings, encodings, files, folders and flags.
 */
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export type Edit = (dir: string) => Promise<void>;

export interface Case {
  name: string;
  edit?: Edit;
  args?: string[];
  env?: Record<string, string>;
  envFile?: string;
  /** What runs: the CLI (default), or the check the lead calls from the CLI before anything (`--out`). */
  via?: "cli" | "checkOutDir";
  /** The --out to use, relative to the case's folder. */
  out?: string;
  /** Set up the --out before the run (a file in the way, a read-only mount). */
  prepareOut?: (root: string) => Promise<void>;
  skip?: () => boolean;
  error: RegExp;
}

export const replace =
  (file: string, from: string, to: string): Edit =>
  async (dir) => {
    const p = path.join(dir, file);
    const text = await readFile(p, "utf8");
    if (!text.includes(from)) throw new Error(`corpus bug: ${JSON.stringify(from)} not in ${file}`);
    await writeFile(p, text.replace(from, to));
  };
export const write =
  (file: string, data: string | Buffer): Edit =>
  (dir) =>
    writeFile(path.join(dir, file), data);
export const append =
  (file: string, text: string): Edit =>
  async (dir) => {
    const p = path.join(dir, file);
    await writeFile(p, (await readFile(p, "utf8")) + text);
  };
export const both =
  (...edits: Edit[]): Edit =>
  async (dir) => {
    for (const e of edits) await e(dir);
  };
export const utf16 = (s: string, be = false) => {
  const le = Buffer.from(s, "utf16le");
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};
export const fifo =
  (file: string): Edit =>
  async (dir) => {
    await rm(path.join(dir, file));
    execFileSync("mkfifo", [path.join(dir, file)]);
  };
/** Adds a third entity (after the others: entities is portfolio.yaml's last key) with the given id and name. */
export const extraEntity = (id: string, name: string): Edit =>
  append(
    "portfolio.yaml",
    `  - { id: ${id}, name: ${name}, kind: support, description: x, stage: internal, businessModel: internal, stack: [], hosting: none, domains: [], revenueTracking: none, monitoring: none }\n`,
  );
export const LAMBDA = "{ name: alpha-api, entity: alpha, memoryMb: 512";
export const ASSET = "{ id: a-van, entity: alpha, kind: vehicle";

let mountable: boolean | undefined;
/** True when this machine lets the tests mount a small tmpfs (root with CAP_SYS_ADMIN). */
export function canMount(): boolean {
  if (mountable !== undefined) return mountable;
  try {
    const dir = execFileSync("mktemp", ["-d"]).toString().trim();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    mountable = true;
  } catch {
    mountable = false;
  }
  return mountable;
}
