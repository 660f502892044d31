/** Octokit with GitHub's recommended throttling and retries; one client per run, shared by the git source and the board. */
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import type { Logger } from "../shared/logger.js";

const GitHubOctokit = Octokit.plugin(throttling, retry);

export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** REST root, e.g. GITHUB_API_URL in Actions; GraphQL is derived from it by Octokit. */
  baseUrl?: string;
  log: Logger;
  /**
   * Milliseconds between content-creating requests (REST writes and GraphQL). GitHub asks for ≥ 1 s;
   * tests pass 0. Notification-triggering writes (issues, comments) keep 3× this spacing, as the plugin does.
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

/** Builds an Octokit that serialises writes, honours retry-after / x-ratelimit-reset, and retries 5xx. */
export function createGitHubClient(o: GitHubClientOptions): GitHubClient {
  const spacing = o.writeSpacingMs ?? DEFAULT_WRITE_SPACING_MS;
  const base = o.retryBaseMs ?? 1000;
  const maxWait = o.maxRateLimitWaitS ?? 15 * 60;
  const log = o.log;
  // The plugin's default groups are module-wide singletons with fixed spacing; our own groups make it injectable
  // and keep one client's queue from slowing another (tests run many clients).
  const group = (minTime: number) => new Bottleneck.Group({ maxConcurrent: 1, minTime });
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
    throttle: {
      write: group(spacing),
      notifications: group(spacing * 3),
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        if (retryCount >= 2 || retryAfter > maxWait) {
          log.warn(`GitHub rate limit exhausted for ${options.method} ${options.url}; resets in ${retryAfter}s — not waiting`);
          return false;
        }
        log.warn(`GitHub rate limit exhausted for ${options.method} ${options.url}; retrying in ${retryAfter}s`);
        return true;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        if (retryCount >= 3) return false;
        log.warn(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
        return true;
      },
    },
    retry: { retries: o.retries ?? 3, retryAfterBaseValue: base },
  });
}
