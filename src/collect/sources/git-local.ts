/**
 * Git facts offline: from a local clone (`path`), from a recorded history built into a real repository at run time
 * (`history`), or from the recorded file list (`trackedFiles`) when nothing else is reachable.
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pLimit from "p-limit";
import { displayPath } from "../../shared/display-path.js";
import { type Commit, type Fact, missing, present, type RepoFacts } from "../snapshot.js";
import { priorityFiles, scanningFiles, workflowFiles } from "./dependency-scanning.js";
import { DEFAULT_CACHE_DIR, withRecordedRepo } from "./git-recorded.js";
import { isScanCandidate, MAX_SCAN_BYTES, type SecretHit, scanCommitBatch, scanContent } from "./secret-scan.js";
import type { CollectContext, GitSource, RepoConfig } from "./source.js";

const run = promisify(execFile);
const git = async (cwd: string, args: string[]) => (await run("git", ["-C", cwd, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

/** A commit as read from the log, before its message and author are scanned: `body` is the full message. */
export interface RawCommit extends Commit {
  email: string;
  body: string;
}

/** Log format: RS, then sha, author name, author email, date, full body, each ended by US; numstat lines follow. */
export const LOG_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f";

/** Parses `git log --numstat` output written with LOG_FORMAT; keeps commits in [start, end). */
export function parseGitLog(out: string, start: string, end: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const block of out.split("\x1e").slice(1)) {
    const [sha = "", author = "", email = "", date = "", body = "", rest = ""] = block.split("\x1f");
    const t = Date.parse(date);
    if (!(t >= Date.parse(start) && t < Date.parse(end))) continue;
    let additions = 0;
    let deletions = 0;
    for (const line of rest.split("\n")) {
      const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
      if (m) {
        additions += m[1] === "-" ? 0 : Number(m[1]);
        deletions += m[2] === "-" ? 0 : Number(m[2]);
      }
    }
    const text = body.trim();
    commits.push({
      sha,
      author,
      email,
      date: new Date(t).toISOString(),
      additions,
      deletions,
      message: text.split("\n")[0] ?? "",
      body: text,
    });
  }
  return commits;
}

/**
 * Scans each commit's full message and author name and email like file contents. The commits come back with any
 * secret masked in the fields the snapshot keeps (subject, author name; never the email), plus the hits.
 */
export async function scanCommits(raw: readonly RawCommit[]): Promise<{ commits: Commit[]; hits: SecretHit[] }> {
  const hits: SecretHit[] = [];
  const commits: Commit[] = [];
  const all = await scanCommitBatch(raw.map((c) => ({ sha: c.sha, message: c.body, author: `${c.author} <${c.email}>` })));
  for (const [i, c] of raw.entries()) {
    const scanned = all[i]!;
    hits.push(...scanned.hits);
    const author = scanned.hits.some((h) => h.file.endsWith("author")) ? scanned.author.replace(/\s*<[^>]*>$/, "") : c.author;
    commits.push({
      sha: c.sha,
      author,
      date: c.date,
      additions: c.additions,
      deletions: c.deletions,
      message: scanned.message.split("\n")[0] ?? "",
    });
  }
  return { commits, hits };
}

/** Reads one local clone: history in the period, tracked files, scanning config and secrets. */
export async function readLocalRepo(dir: string, repo: RepoConfig, ctx: CollectContext): Promise<RepoFacts> {
  const { start, end } = ctx.period;
  const root = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
  // git's --since/--until are inclusive and second-granular; parseGitLog applies the half-open window exactly.
  const log = await git(root, ["log", `--since=${start}`, `--until=${end}`, "--no-merges", "--numstat", LOG_FORMAT]).catch((e: Error) => {
    if (/does not have any commits/.test(e.message)) return "";
    throw e;
  });
  const tracked = (await git(root, ["ls-files", "-z"])).split("\0").filter(Boolean);
  const read = async (f: string) => {
    const p = path.join(root, f);
    const s = await stat(p).catch(() => null);
    return s?.isFile() && s.size <= MAX_SCAN_BYTES ? readFile(p, "utf8") : null;
  };
  const workflows: Record<string, string> = {};
  for (const f of workflowFiles(tracked)) workflows[f] = (await read(f)) ?? "";
  const limit = pLimit(8);
  const candidates = [...new Set([...priorityFiles(tracked), ...tracked])].filter(isScanCandidate).slice(0, 2000);
  const secrets = (
    await Promise.all(
      candidates.map((f) =>
        limit(async () => {
          const text = await read(f);
          return text === null || text.includes("\0") ? [] : scanContent(f, text);
        }),
      ),
    )
  ).flat();
  const { commits, hits } = await scanCommits(parseGitLog(log, start, end));
  return {
    repo: repo.github ?? repo.id,
    entity: repo.entity,
    commits,
    trackedFiles: tracked,
    dependencyScanning: scanningFiles(tracked, workflows),
    secrets: [...secrets, ...hits],
    contentScanned: true,
    historyRead: true,
    openIssues: null,
    openPullRequests: null,
  };
}

/** Offline git source: a local clone where `path` is set, a recorded history where `history` is, else the recorded file list. */
export class LocalGitSource implements GitSource {
  readonly name = "git-local";
  /** Where recorded histories are built (git-ignored); resolved against the working directory. */
  private readonly cacheDir: string;

  constructor(opts: { cacheDir?: string } = {}) {
    this.cacheDir = path.resolve(opts.cacheDir ?? DEFAULT_CACHE_DIR);
  }

  async repos(repos: RepoConfig[], ctx: CollectContext): Promise<Record<string, Fact<RepoFacts>>> {
    const out: Record<string, Fact<RepoFacts>> = {};
    for (const r of repos) {
      const key = r.github ?? r.id;
      if (r.path !== undefined) {
        const dir = path.resolve(ctx.dataDir, r.path);
        const src = `git clone ${path.relative(process.cwd(), dir) || "."}`;
        try {
          out[key] = present(await readLocalRepo(dir, r, ctx), src, ctx.now().toISOString());
        } catch (e) {
          out[key] = missing(`cannot read the clone at ${dir}: ${firstLine(e)}`, src);
        }
      } else if (r.history !== undefined) {
        const file = path.resolve(ctx.dataDir, r.history);
        const src = `recorded history ${path.join(displayPath(ctx.dataDir), r.history)}`;
        try {
          out[key] = present(
            await withRecordedRepo(file, r.id, this.cacheDir, (dir) => readLocalRepo(dir, r, ctx)),
            src,
            ctx.now().toISOString(),
          );
        } catch (e) {
          out[key] = missing(`cannot build the recorded history ${file}: ${firstLine(e)}`, src);
        }
      } else if (r.trackedFiles) {
        const workflows = Object.fromEntries(workflowFiles(r.trackedFiles).map((f) => [f, ""]));
        out[key] = present(
          {
            repo: key,
            entity: r.entity,
            commits: [],
            trackedFiles: r.trackedFiles,
            dependencyScanning: scanningFiles(r.trackedFiles, workflows),
            secrets: [],
            contentScanned: false,
            historyRead: false,
            openIssues: null,
            openPullRequests: null,
          },
          `${path.join(displayPath(ctx.dataDir), "repos.yaml")} (recorded file list)`,
          ctx.now().toISOString(),
        );
      } else {
        out[key] = missing("no local path, recorded history or file list; set GITHUB_TOKEN to read it from GitHub", "git-local");
      }
    }
    return out;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n").find((l) => l.trim() && !l.startsWith("Command failed")) ?? String(e);
}
