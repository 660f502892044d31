/** Git facts through the GitHub API: history by GraphQL (batched), the tree by REST, file contents by GraphQL (batched). */
import pLimit from "p-limit";
import type { GitHubClient } from "../../github/client.js";
import { describeGitHubError, httpStatus } from "../../github/errors.js";
import { READ_CONCURRENCY } from "../../github/pacing.js";
import { type Settled, settle } from "../../shared/settle.js";
import { type Fact, missing, present, type RepoFacts } from "../snapshot.js";
import { priorityFiles, scanningFiles, workflowFiles } from "./dependency-scanning.js";
import { LocalGitSource, scanCommits } from "./git-local.js";
import { type BlobRef, readBlobs } from "./github-blobs.js";
import { type RepoHead, type RepoTarget, readHistories } from "./github-history.js";
import { isScanCandidate, MAX_SCAN_BYTES, scanContent } from "./secret-scan.js";
import type { CollectContext, GitSource, RepoConfig } from "./source.js";

export interface GitHubGitSourceOptions {
  client: GitHubClient;
  /** Reads the repositories that have no `github:` (a local path or a recorded file list). */
  fallback?: GitSource;
  /** Most files whose contents are read for secret scanning, per repository. */
  maxScanFiles?: number;
  /** Repositories per history query. */
  aliases?: number;
}

type FileFacts = Pick<RepoFacts, "trackedFiles" | "dependencyScanning" | "secrets" | "contentScanned">;

/** GitSource backed by the GitHub API; repositories without `github:` go to the local source. */
export class GitHubGitSource implements GitSource {
  readonly name = "github";
  private readonly fallback: GitSource;
  constructor(private readonly o: GitHubGitSourceOptions) {
    this.fallback = o.fallback ?? new LocalGitSource();
  }

  async repos(repos: RepoConfig[], ctx: CollectContext): Promise<Record<string, Fact<RepoFacts>>> {
    const out: Record<string, Fact<RepoFacts>> = {};
    const others = repos.filter((r) => !r.github);
    if (others.length) Object.assign(out, await this.fallback.repos(others, ctx));
    const gh = repos.filter((r) => r.github);
    if (!gh.length) return out;
    const targets: RepoTarget[] = gh.map((r) => {
      const [owner = "", name = ""] = r.github!.split("/");
      return { key: r.github!, owner, name };
    });
    const src = (r: RepoConfig) => `GitHub API ${r.github}`;
    const byKey = new Map(gh.map((r) => [r.github!, r]));
    // A repository's files (tree, then contents) need only its head, which arrives with the first page of
    // history: they are read while later pages are still coming. The client allows READ_CONCURRENCY requests at
    // once (src/github/pacing.ts); as many repositories at a time keeps it full.
    const limit = pLimit(READ_CONCURRENCY);
    const files = new Map<string, Promise<Settled<FileFacts>>>();
    const readFiles = (key: string, head: RepoHead) => {
      if (!files.has(key)) files.set(key, settle(limit(() => this.fileFacts(byKey.get(key)!, head, ctx))));
      return files.get(key)!;
    };
    let histories;
    try {
      histories = await readHistories(this.o.client, targets, ctx.period.start, ctx.period.end, {
        aliases: this.o.aliases,
        onHead: readFiles,
      });
    } catch (e) {
      await Promise.all(files.values());
      for (const r of gh) out[r.github!] = missing(describeGitHubError(e, `history of ${r.github}`), src(r));
      return out;
    }
    await Promise.all(
      gh.map(async (r) => {
        const h = histories.get(r.github!);
        if (!h?.ok) {
          out[r.github!] = missing(
            `${r.github}: ${h ? h.reason : "not read"} — check the name in data/repos.yaml and the token's access`,
            src(r),
          );
          return;
        }
        const f = await readFiles(r.github!, h.head);
        if (!f.ok) {
          out[r.github!] = missing(describeGitHubError(f.error, r.github!), src(r));
          return;
        }
        const { head } = h;
        // Commit messages and authors are scanned like file contents; what the snapshot keeps is masked.
        const scanned = await scanCommits(head.commits);
        out[r.github!] = present(
          {
            repo: r.github!,
            entity: r.entity,
            commits: scanned.commits,
            ...f.value,
            secrets: [...f.value.secrets, ...scanned.hits],
            historyRead: true,
            openIssues: head.openIssues,
            openPullRequests: head.openPullRequests,
          },
          src(r),
          ctx.now().toISOString(),
        );
      }),
    );
    // Files read for a repository whose later history pages failed are discarded; wait so nothing is left running.
    await Promise.all(files.values());
    return out;
  }

  /** The facts that come from the repository's files: tree, dependency scanning, secrets. */
  private async fileFacts(r: RepoConfig, head: RepoHead, ctx: CollectContext): Promise<FileFacts> {
    const [owner = "", name = ""] = r.github!.split("/");
    const blobs = new Map<string, BlobRef>();
    if (head.treeOid) {
      try {
        const { data } = await this.o.client.rest.git.getTree({ owner, repo: name, tree_sha: head.treeOid, recursive: "1" });
        if (data.truncated)
          ctx.log.warn(`${r.github}: the tree has more entries than GitHub returns at once; file checks see only part of it`);
        for (const e of data.tree)
          if (e.type === "blob" && e.path && e.sha) blobs.set(e.path, { path: e.path, sha: e.sha, size: e.size ?? 0 });
      } catch (e) {
        // 409: "Git Repository is empty".
        if (httpStatus(e) !== 409) throw e;
      }
    }
    const tracked = [...blobs.keys()];
    const workflows = workflowFiles(tracked);
    const max = this.o.maxScanFiles ?? 300;
    const candidates = [...new Set([...priorityFiles(tracked), ...tracked])].filter(
      (f) => isScanCandidate(f) && (blobs.get(f)?.size ?? 0) <= MAX_SCAN_BYTES,
    );
    if (candidates.length > max)
      ctx.log.warn(`${r.github}: ${candidates.length} files could hold secrets; scanning the first ${max} (env and config files first)`);
    const wanted = [...new Set([...workflows, ...candidates.slice(0, max)])].map((f) => blobs.get(f)!);
    let texts = new Map<string, string>();
    let contentScanned = true;
    try {
      texts = await readBlobs(this.o.client, owner, name, wanted);
    } catch (e) {
      contentScanned = false;
      ctx.log.warn(describeGitHubError(e, `${r.github}: file contents (secret scan skipped)`));
    }
    const secrets = [];
    for (const f of candidates.slice(0, max)) {
      const text = texts.get(f);
      if (text !== undefined && !text.includes("\0")) secrets.push(...(await scanContent(f, text)));
    }
    return {
      trackedFiles: tracked,
      dependencyScanning: scanningFiles(tracked, Object.fromEntries(workflows.map((f) => [f, texts.get(f) ?? ""]))),
      secrets,
      contentScanned,
    };
  }
}
