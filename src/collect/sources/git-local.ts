/** Git facts from a local clone (offline), and from the recorded file list when no clone is reachable. */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pLimit from "p-limit";
import { displayPath } from "../../shared/display-path.js";
import { type Commit, type Fact, missing, present, type RepoFacts } from "../snapshot.js";
import { priorityFiles, scanningFiles, workflowFiles } from "./dependency-scanning.js";
import { isScanCandidate, MAX_SCAN_BYTES, scanContent } from "./secret-scan.js";
import type { CollectContext, GitSource, RepoConfig } from "./source.js";

const run = promisify(execFile);
const git = async (cwd: string, args: string[]) => (await run("git", ["-C", cwd, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

/** Parses `git log --numstat` output written with the RS/US format below; keeps commits in [start, end). */
export function parseGitLog(out: string, start: string, end: string): Commit[] {
  const commits: Commit[] = [];
  for (const block of out.split("\x1e").slice(1)) {
    const [header = "", ...rest] = block.split("\n");
    const [sha = "", author = "", date = "", message = ""] = header.split("\x1f");
    const t = Date.parse(date);
    if (!(t >= Date.parse(start) && t < Date.parse(end))) continue;
    let additions = 0;
    let deletions = 0;
    for (const line of rest) {
      const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
      if (m) {
        additions += m[1] === "-" ? 0 : Number(m[1]);
        deletions += m[2] === "-" ? 0 : Number(m[2]);
      }
    }
    commits.push({ sha, author, date: new Date(t).toISOString(), additions, deletions, message });
  }
  return commits;
}

/** Reads one local clone: history in the period, tracked files, scanning config and secrets. */
export async function readLocalRepo(dir: string, repo: RepoConfig, ctx: CollectContext): Promise<RepoFacts> {
  const { start, end } = ctx.period;
  const root = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
  // git's --since/--until are inclusive and second-granular; parseGitLog applies the half-open window exactly.
  const log = await git(root, [
    "log",
    `--since=${start}`,
    `--until=${end}`,
    "--no-merges",
    "--numstat",
    "--format=%x1e%H%x1f%an%x1f%aI%x1f%s",
  ]).catch((e: Error) => {
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
  return {
    repo: repo.github ?? repo.id,
    entity: repo.entity,
    commits: parseGitLog(log, start, end),
    trackedFiles: tracked,
    dependencyScanning: scanningFiles(tracked, workflows),
    secrets,
    contentScanned: true,
    historyRead: true,
    openIssues: null,
    openPullRequests: null,
  };
}

/** Offline git source: a local clone where `path` is set, otherwise the recorded file list. */
export class LocalGitSource implements GitSource {
  readonly name = "git-local";

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
        out[key] = missing("no local path and no recorded file list; set GITHUB_TOKEN to read it from GitHub", "git-local");
      }
    }
    return out;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n").find((l) => l.trim() && !l.startsWith("Command failed")) ?? String(e);
}
