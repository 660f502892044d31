/** Commit history and repository heads for many repositories at once: one aliased GraphQL query a page. */

import type { GitHubClient } from "../../github/client.js";
import { type GraphqlErrorEntry, isGraphqlPartialError } from "../../github/errors.js";
import type { RawCommit } from "./git-local.js";

export interface RepoTarget {
  /** Caller's key, returned with the result. */
  key: string;
  owner: string;
  name: string;
}

export interface RepoHead {
  nameWithOwner: string;
  defaultBranch: string | null;
  /** Tree of the default branch head; null for an empty repository. */
  treeOid: string | null;
  openIssues: number;
  openPullRequests: number;
  /** Commits with their full message and author email, before the secret scan. */
  commits: RawCommit[];
}

export type HistoryResult = { ok: true; head: RepoHead } | { ok: false; reason: string };

export interface HistoryOptions {
  /** Repositories per query. 10 × 100 commits keeps a page well inside GitHub's node limits. */
  aliases?: number;
  /**
   * Called once per repository when its first page arrives, with its head (default branch, tree): work that
   * needs only the head can start while later pages of history are still being read. `head.commits` is
   * complete only when readHistories resolves.
   */
  onHead?: (key: string, head: RepoHead) => void;
}

interface HistoryNode {
  oid: string;
  committedDate: string;
  /** The full message: scanned for secrets like file contents, then cut to its first line. */
  message: string;
  additions: number;
  deletions: number;
  parents: { totalCount: number };
  author: { name: string | null; email: string | null; user: { login: string } | null } | null;
}

interface RepoNode {
  nameWithOwner: string;
  issues: { totalCount: number };
  pullRequests: { totalCount: number };
  defaultBranchRef: {
    name: string;
    target: {
      tree?: { oid: string };
      history?: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: HistoryNode[] };
    } | null;
  } | null;
}

const REPO_FIELDS = (cursor: string) => `{
    nameWithOwner
    issues(states: OPEN) { totalCount }
    pullRequests(states: OPEN) { totalCount }
    defaultBranchRef {
      name
      target {
        ... on Commit {
          tree { oid }
          history(first: 100, since: $since, until: $until, after: ${cursor}) {
            pageInfo { hasNextPage endCursor }
            nodes { oid committedDate message additions deletions parents { totalCount } author { name email user { login } } }
          }
        }
      }
    }
  }`;

/** One aliased query: each repository pages with its own cursor variable. */
function buildQuery(n: number): string {
  const vars = ["$since: GitTimestamp!", "$until: GitTimestamp!"];
  const fields: string[] = [];
  for (let i = 0; i < n; i++) {
    vars.push(`$o${i}: String!`, `$n${i}: String!`, `$c${i}: String`);
    fields.push(`r${i}: repository(owner: $o${i}, name: $n${i}) ${REPO_FIELDS(`$c${i}`)}`);
  }
  return `query RepoHistory(${vars.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
}

/** Reads the period's commits (half-open [start, end), merges excluded) and head facts for every target. */
export async function readHistories(
  client: GitHubClient,
  targets: RepoTarget[],
  start: string,
  end: string,
  opts: HistoryOptions = {},
): Promise<Map<string, HistoryResult>> {
  const perQuery = opts.aliases ?? 10;
  const out = new Map<string, HistoryResult>();
  const heads = new Map<string, RepoHead>();
  let pending = targets.map((t) => ({ t, cursor: null as string | null }));
  const from = Date.parse(start);
  const to = Date.parse(end);
  while (pending.length) {
    const next: typeof pending = [];
    const batches: (typeof pending)[] = [];
    for (let i = 0; i < pending.length; i += perQuery) batches.push(pending.slice(i, i + perQuery));
    // The queries of one round are independent: send them together (the client caps concurrency at 10).
    // All of them settle before a failure is thrown, so no onHead call comes after readHistories has returned.
    const settled = await Promise.allSettled(
      batches.map(async (batch) => {
        const variables: Record<string, string | null> = { since: start, until: end };
        batch.forEach((b, j) => {
          variables[`o${j}`] = b.t.owner;
          variables[`n${j}`] = b.t.name;
          variables[`c${j}`] = b.cursor;
        });
        let data: Record<string, RepoNode | null>;
        let errors: GraphqlErrorEntry[] = [];
        try {
          data = await client.graphql<Record<string, RepoNode | null>>(buildQuery(batch.length), variables);
        } catch (e) {
          // Per-alias errors (NOT_FOUND, FORBIDDEN) arrive as partial data; anything else fails the whole batch.
          if (
            isGraphqlPartialError(e) &&
            e.data &&
            e.errors.every((x) => typeof x.path?.[0] === "string" && /^r\d+$/.test(x.path[0] as string))
          ) {
            data = e.data as Record<string, RepoNode | null>;
            errors = e.errors;
          } else throw e;
        }
        batch.forEach((b, j) => {
          const alias = `r${j}`;
          const node = data[alias];
          if (!node) {
            const why = errors.filter((x) => x.path?.[0] === alias);
            out.set(b.t.key, {
              ok: false,
              reason: why.length
                ? why.map((x) => `${x.type ?? "ERROR"}: ${x.message}`).join("; ")
                : `${b.t.owner}/${b.t.name} not returned by GitHub`,
            });
            heads.delete(b.t.key);
            return;
          }
          let head = heads.get(b.t.key);
          if (!head) {
            head = {
              nameWithOwner: node.nameWithOwner,
              defaultBranch: node.defaultBranchRef?.name ?? null,
              treeOid: node.defaultBranchRef?.target?.tree?.oid ?? null,
              openIssues: node.issues.totalCount,
              openPullRequests: node.pullRequests.totalCount,
              commits: [],
            };
            heads.set(b.t.key, head);
            opts.onHead?.(b.t.key, head);
          }
          const history = node.defaultBranchRef?.target?.history;
          for (const c of history?.nodes ?? []) {
            const t = Date.parse(c.committedDate);
            // since/until are inclusive; the period is half-open. Merge commits are excluded, as `git log --no-merges`.
            if (t < from || t >= to || c.parents.totalCount > 1) continue;
            head.commits.push({
              sha: c.oid,
              author: c.author?.name ?? c.author?.user?.login ?? "unknown",
              date: new Date(t).toISOString(),
              additions: c.additions,
              deletions: c.deletions,
              message: c.message.split("\n")[0] ?? "",
              body: c.message,
              email: c.author?.email ?? "",
            });
          }
          if (history?.pageInfo.hasNextPage && history.pageInfo.endCursor) next.push({ t: b.t, cursor: history.pageInfo.endCursor });
          else out.set(b.t.key, { ok: true, head });
        });
      }),
    );
    const failed = settled.find((x): x is PromiseRejectedResult => x.status === "rejected");
    if (failed) throw failed.reason;
    // Keep the order of the targets so results do not depend on which query answered first.
    pending = next.sort((a, b) => targets.indexOf(a.t) - targets.indexOf(b.t));
  }
  return out;
}
