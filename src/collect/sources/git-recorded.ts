/**
 * Recorded git histories: a repository entry in repos.yaml may point at a file (`history: history/app.yaml`) holding
 * authors and commits with their file trees. At run time it becomes a real local repository under a git-ignored cache
 * folder, read like any clone. File contents may hold `{{fake:KIND}}` or `{{fake:KIND:LABEL}}` placeholders that become
 * well-formed fake credentials at run time, so the secret scanner has something real to find while no key-shaped
 * string is ever committed (GitHub push protection blocks those).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type RecordedHistory, recordedHistorySchema } from "../../config/schema.js";
import { parseYamlFile } from "../../config/yaml-file.js";
import { ConfigError } from "../../shared/errors.js";

const run = promisify(execFile);

/** Where recorded histories are built, relative to the working directory (listed in .gitignore). */
export const DEFAULT_CACHE_DIR = path.join(".cache", "recorded-git");

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `n` characters of [A-Za-z0-9] derived from a seed: stable across runs, so commit ids and findings are too. */
function alnum(seed: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) {
    for (const b of createHash("sha256").update(`${seed}#${i}`).digest()) if (out.length < n) out += ALNUM[b % ALNUM.length];
  }
  return out;
}

/** The fake credential kinds a placeholder may ask for, each in its provider's documented format. */
const FAKES: Record<string, (seed: string) => string> = {
  "stripe-secret": (s) => ["sk", "live", alnum(s, 32)].join("_"),
  "stripe-restricted": (s) => ["rk", "live", alnum(s, 32)].join("_"),
  "stripe-webhook": (s) => ["whsec", alnum(s, 32)].join("_"),
  "github-token": (s) => ["ghp", alnum(s, 36)].join("_"),
};

/** Replaces `{{fake:KIND[:LABEL]}}` in `text`; one KIND:LABEL gives the same value everywhere in one history. */
export function fillFakes(text: string, seed: string, where: string): string {
  return text.replace(/\{\{fake:([a-z-]+)(?::([\w-]+))?\}\}/g, (_m, kind: string, label = "") => {
    const make = FAKES[kind];
    if (!make)
      throw new ConfigError([
        `${where}: {{fake:${kind}}} is not a fake credential kind — expected one of ${Object.keys(FAKES).join(", ")}`,
      ]);
    return make(`${seed}|${kind}|${label}`);
  });
}

/** Reads and validates a recorded history file; throws a ConfigError naming file:line. */
export async function readHistory(file: string): Promise<RecordedHistory> {
  const r = parseYamlFile(file, await readFile(file, "utf8"), recordedHistorySchema);
  if (!r.ok) throw new ConfigError(r.issues);
  const issues: string[] = [];
  r.file.value.commits.forEach((c, i) => {
    if (!(c.author in r.file.value.authors))
      issues.push(
        `${file}:${r.file.lineOf(["commits", i, "author"])} commits[${i}].author: "${c.author}" is not in authors — expected one of ${Object.keys(r.file.value.authors).join(", ")}`,
      );
    for (const f of Object.keys(c.files)) {
      const norm = path.posix.normalize(f);
      if (path.posix.isAbsolute(f) || norm.startsWith("../") || norm === ".." || norm.split("/").includes(".git"))
        issues.push(
          `${file}:${r.file.lineOf(["commits", i, "files", f])} commits[${i}].files: "${f}" — expected a path inside the repository`,
        );
    }
  });
  if (issues.length) throw new ConfigError(issues);
  return r.file.value;
}

async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run("git", ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-C", cwd, ...args], {
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Builds the history as a git repository in `dir` (which must be empty or absent). */
export async function buildHistory(h: RecordedHistory, dir: string, seed: string, where: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await git(dir, ["init", "-q", "-b", "main"]);
  for (const [i, c] of h.commits.entries()) {
    for (const [f, content] of Object.entries(c.files)) {
      const p = path.join(dir, f);
      if (content === null) await rm(p, { force: true });
      else {
        await mkdir(path.dirname(p), { recursive: true });
        await writeFile(p, fillFakes(content, seed, `${where} commits[${i}].files.${f}`));
      }
    }
    const who = h.authors[c.author]!;
    await git(dir, ["add", "-A"]);
    await git(dir, ["commit", "-q", "--allow-empty", "-m", fillFakes(c.message, seed, `${where} commits[${i}].message`)], {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: c.date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: c.date,
    });
  }
}

/**
 * Builds the recorded history `file` for repository `id` under `cacheDir`, hands its directory to `read`, then keeps
 * it at `cacheDir/id` for a newcomer to inspect. Each run builds afresh in its own folder, so concurrent runs never
 * share a half-built repository.
 */
export async function withRecordedRepo<T>(file: string, id: string, cacheDir: string, read: (dir: string) => Promise<T>): Promise<T> {
  const history = await readHistory(file);
  await mkdir(cacheDir, { recursive: true });
  const dir = await mkdtemp(path.join(cacheDir, `.${id}-`));
  try {
    await buildHistory(history, dir, id, file);
    const out = await read(dir);
    // Keeping a copy to inspect is best effort: reports collected in parallel (or other runs) race for the same
    // folder, and whichever copy lands is as good as another. It never fails the read that already succeeded.
    const keep = path.join(cacheDir, id);
    await rm(keep, { recursive: true, force: true })
      .then(() => rename(dir, keep))
      .catch(() => undefined);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
