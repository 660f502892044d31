/**
 * The fan-in: the archived files of one or more job output folders, committed in ONE commit to the archive
 * branch of a git remote, with the README index regenerated. A push that loses a race is rebuilt on the new
 * tip and pushed again: archived paths are unique per report, so replaying our files never conflicts, and
 * the index is regenerated from everything archived, ours and theirs.
 */
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { UserError } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { GitError, git } from "./git.js";
import { ARCHIVE_FILE_RE } from "./paths.js";
import { readArchive } from "./read.js";
import { archiveReadme, type ReadmeOptions } from "./readme.js";

export const DEFAULT_ARCHIVE_BRANCH = "exec-reports-archive";
export const DEFAULT_AUTHOR = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

export interface FanInOptions {
  /**
   * Job output folders: every file matching …/archive/<period>/<audience>.{json,md,html} beneath one is taken, and
   * <period>/<audience>.* directly under one (an archive folder itself, as download-artifact merges them).
   */
  sources: string[];
  /** The remote: a URL or a local path (a bare repository in tests). */
  remote: string;
  branch?: string;
  message?: string;
  /** Appended to the default message after a blank line (e.g. the workflow run's URL). */
  trailer?: string;
  author?: { name: string; email: string };
  /** Push attempts before giving up (default 6). */
  attempts?: number;
  /** Extra git environment, e.g. gitAuthEnv(); never put a token in `remote`. */
  env?: NodeJS.ProcessEnv;
  readme?: ReadmeOptions;
  log?: Logger;
  /** Milliseconds to wait before attempt n (n ≥ 2); default 250·2ⁿ⁻² plus jitter. */
  backoffMs?: (attempt: number) => number;
  /** Test seam: runs after the commit, before each push. */
  beforePush?: (attempt: number) => Promise<void>;
}

export interface FanInResult {
  /** The archive branch's commit holding every file given; null only when there was nothing to archive and no branch. */
  sha: string | null;
  branch: string;
  /** Archive-relative paths taken from the sources (archive/<period>/<audience>.<ext>). */
  files: string[];
  /** Report ids archived (from the JSON files), for the audit records. */
  reportIds: string[];
  /** False when the branch already held exactly these files. */
  committed: boolean;
  attempts: number;
}

/** Collects, commits and pushes; resolves once the commit is on the remote branch. */
export async function fanIn(o: FanInOptions): Promise<FanInResult> {
  const branch = o.branch ?? DEFAULT_ARCHIVE_BRANCH;
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(branch) || branch.includes(".."))
    throw new UserError(`archive branch "${branch}": use letters, digits, dots, dashes, underscores and slashes`);
  const files = await collect(o.sources, o.log);
  const work = await mkdtemp(path.join(os.tmpdir(), "exec-reports-fan-in-"));
  const g = (args: string[]) => git(args, { cwd: work, env: o.env });
  try {
    await g(["init", "-q"]);
    await g(["remote", "add", "origin", o.remote]);
    const maxAttempts = o.attempts ?? 6;
    const reportIds = await idsOf(files);
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await sleep(o.backoffMs?.(attempt) ?? 250 * 2 ** (attempt - 2) + randomInt(250));
      const exists = await fetchBranch(g, branch);
      // A fresh unborn branch each attempt: on the remote tip when the branch exists, else an empty tree.
      await g(["symbolic-ref", "HEAD", `refs/heads/attempt-${attempt}`]);
      if (exists) await g(["reset", "-q", "--hard", `refs/remotes/origin/${branch}`]);
      else await g(["read-tree", "--empty"]);
      await g(["clean", "-q", "-fdx"]);
      for (const f of files) await cp(f.abs, path.join(work, ...f.rel.split("/")));
      await writeFile(path.join(work, "README.md"), archiveReadme(await readArchive(work), o.readme));
      await g(["add", "-A", "archive", "README.md"]);
      if (exists && (await staged(g)) === false) {
        const sha = await g(["rev-parse", "HEAD"]);
        o.log?.info(`archive: ${branch} already holds these ${files.length} files (${sha.slice(0, 12)})`);
        return { sha, branch, files: files.map((f) => f.rel), reportIds, committed: false, attempts: attempt };
      }
      if (!files.length && !exists) return { sha: null, branch, files: [], reportIds, committed: false, attempts: attempt };
      const author = o.author ?? DEFAULT_AUTHOR;
      await g([
        "-c",
        `user.name=${author.name}`,
        "-c",
        `user.email=${author.email}`,
        "commit",
        "-q",
        "--no-verify",
        "-m",
        o.message ?? `${message(reportIds)}${o.trailer ? `\n\n${o.trailer}` : ""}`,
      ]);
      await o.beforePush?.(attempt);
      try {
        await g(["push", "-q", "origin", `HEAD:refs/heads/${branch}`]);
      } catch (e) {
        if (!(e instanceof GitError) || !lostRace(e.stderr) || attempt >= maxAttempts) throw pushError(e, branch, attempt);
        o.log?.info(`archive: ${branch} moved while committing (attempt ${attempt}); rebuilding on the new tip`);
        continue;
      }
      const sha = await g(["rev-parse", "HEAD"]);
      o.log?.info(`archive: ${files.length} files of ${reportIds.length} reports committed to ${branch} as ${sha.slice(0, 12)}`);
      return { sha, branch, files: files.map((f) => f.rel), reportIds, committed: true, attempts: attempt };
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface SourceFile {
  abs: string;
  /** archive/<period>/<audience>.<ext> */
  rel: string;
}

async function collect(sources: string[], log?: Logger): Promise<SourceFile[]> {
  const byRel = new Map<string, SourceFile>();
  for (const src of sources) {
    if (!existsSync(src)) throw new UserError(`archive: source folder ${src} does not exist (download the report jobs' artifacts first)`);
    for (const abs of await walk(src)) {
      const rel0 = path.relative(src, abs).split(path.sep).join("/");
      // A source may also be an archive folder itself (download-artifact with merge-multiple): <period>/<audience>.*
      const m = ARCHIVE_FILE_RE.exec(rel0) ?? (rel0.split("/").length === 2 ? ARCHIVE_FILE_RE.exec(`archive/${rel0}`) : null);
      if (!m) continue;
      const rel = `archive/${m[1]}/${m[2]}.${m[3]}`;
      const earlier = byRel.get(rel);
      if (earlier && (await readFile(earlier.abs, "utf8")) !== (await readFile(abs, "utf8")))
        log?.warn(`archive: ${rel} is in more than one source with different contents; keeping ${abs}`);
      byRel.set(rel, { abs, rel });
    }
  }
  return [...byRel.values()].sort((a, b) => a.rel.localeCompare(b.rel));
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function idsOf(files: SourceFile[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of files.filter((x) => x.rel.endsWith(".json"))) {
    try {
      ids.push(String((JSON.parse(await readFile(f.abs, "utf8")) as { id?: unknown }).id ?? f.rel));
    } catch {
      throw new UserError(`archive: ${f.abs} is not JSON; re-run the report job that produced it`);
    }
  }
  return ids;
}

function message(ids: string[]): string {
  const shown = ids.slice(0, 8).join(", ");
  return `Archive ${ids.length} report${ids.length === 1 ? "" : "s"}: ${shown}${ids.length > 8 ? `, +${ids.length - 8} more` : ""}`;
}

/** Fetches the branch into refs/remotes/origin/BRANCH; false when the remote has no such branch yet. */
async function fetchBranch(g: (args: string[]) => Promise<string>, branch: string): Promise<boolean> {
  const listed = await g(["ls-remote", "--heads", "origin", `refs/heads/${branch}`]);
  if (!listed) return false;
  // Depth 1: the tree is all the fan-in needs, and a push from a shallow clone only sends the new commit.
  await g(["fetch", "-q", "--no-tags", "--depth=1", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  return true;
}

async function staged(g: (args: string[]) => Promise<string>): Promise<boolean> {
  return (await g(["diff", "--cached", "--name-only"])).length > 0;
}

/** True when the push failed because the branch moved (or was created) since our fetch. */
export function lostRace(stderr: string): boolean {
  return /non-fast-forward|fetch first|\[rejected\]|stale info|cannot lock ref|failed to update ref|incorrect old value|reference already exists/i.test(
    stderr,
  );
}

function pushError(e: unknown, branch: string, attempt: number): Error {
  if (!(e instanceof GitError)) return e as Error;
  if (lostRace(e.stderr))
    return new UserError(
      `archive: the push to ${branch} lost the race ${attempt} times; run the archive job again (nothing was lost: its files are in the job's artifacts)`,
    );
  if (/Authentication failed|could not read Username|403|Permission to .* denied/i.test(e.stderr))
    return new UserError(
      `archive: the remote refused the push to ${branch} (${e.stderr.trim().split("\n").pop()}); the archive job needs \`permissions: contents: write\` and the token in GITHUB_TOKEN`,
    );
  return e;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
