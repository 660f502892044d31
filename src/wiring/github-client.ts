/** One GitHub client per run, shared by the git source and the board so their requests share one write queue. */

import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "../github/client.js";
import { UserError } from "../shared/errors.js";
import type { SelectContext } from "./context.js";

const clients = new WeakMap<SelectContext, GitHubClient>();

/** Tuning a caller (a test) may pass to the factories; production uses the defaults. */
export type ClientTuning = Partial<Omit<GitHubClientOptions, "token" | "log">>;

/** The run's client, built from GITHUB_TOKEN and GITHUB_API_URL; the token is masked in every log line. */
export function githubClientFor(ctx: SelectContext, flag: string, tuning: ClientTuning = {}): GitHubClient {
  const token = ctx.env.GITHUB_TOKEN;
  if (!token)
    throw new UserError(
      `${flag} needs GITHUB_TOKEN (a token that can read the repositories in ${ctx.dataDir}/repos.yaml); set it in the environment or the --env-file`,
    );
  ctx.log.secret(token);
  let c = clients.get(ctx);
  if (!c) {
    c = createGitHubClient({ token, log: ctx.log, ...(ctx.env.GITHUB_API_URL ? { baseUrl: ctx.env.GITHUB_API_URL } : {}), ...tuning });
    clients.set(ctx, c);
  }
  return c;
}
