/** Octokit with GitHub's request rules (./pacing.ts); one client per run, shared by the git source and the board. */
import { Octokit } from "@octokit/rest";
import type { Logger } from "../shared/logger.js";
import { pacing } from "./pacing.js";

const GitHubOctokit = Octokit.plugin(pacing);

export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** REST root, e.g. GITHUB_API_URL in Actions; GraphQL is derived from it by Octokit. */
  baseUrl?: string;
  log: Logger;
  /**
   * Milliseconds between the starts of two writes (REST POST/PATCH/PUT/DELETE and GraphQL mutations), which also go
   * one at a time. GitHub asks for ≥ 1 s; tests pass 0.
   */
  writeSpacingMs?: number;
  /** Milliseconds per second of `retry-after` / backoff; 1000 in production, tiny in tests. */
  retryBaseMs?: number;
  /** Retries of a 5xx or network failure. */
  retries?: number;
  /** Longest wait for a primary rate-limit reset before giving up, in seconds. */
  maxRateLimitWaitS?: number;
}

export const DEFAULT_WRITE_SPACING_MS = 1000;

/** Builds an Octokit that serialises and spaces writes, honours retry-after / x-ratelimit-reset, and retries 5xx where safe. */
export function createGitHubClient(o: GitHubClientOptions): GitHubClient {
  const spacing = o.writeSpacingMs ?? DEFAULT_WRITE_SPACING_MS;
  const base = o.retryBaseMs ?? 1000;
  const maxWait = o.maxRateLimitWaitS ?? 15 * 60;
  const log = o.log;
  return new GitHubOctokit({
    auth: o.token,
    ...(o.baseUrl ? { baseUrl: o.baseUrl.replace(/\/+$/, "") } : {}),
    userAgent: "exec-reports",
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => log.warn(`GitHub: ${m}`),
      error: (m: string) => log.debug(`GitHub: ${m}`),
    },
    pacing: { log, writeSpacingMs: spacing, retryBaseMs: base, retries: o.retries ?? 3, maxRateLimitWaitS: maxWait },
  });
}
