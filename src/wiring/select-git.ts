/** Git source selection: the GitHub API when asked or a token is set, local clones otherwise. */

import { LocalGitSource } from "../collect/sources/git-local.js";
import type { GitSource } from "../collect/sources/source.js";
import { autoOffNote, type SelectContext } from "./context.js";
import type { ClientTuning } from "./github-client.js";

export async function selectGit(choice: "github" | "local" | undefined, ctx: SelectContext, tuning?: ClientTuning): Promise<GitSource> {
  const useGitHub = choice === "github" || (choice === undefined && ctx.auto && !!ctx.env.GITHUB_TOKEN);
  if (!useGitHub) {
    ctx.log.info(`git: local clones and recorded histories${choice ? "" : ctx.env.GITHUB_TOKEN ? autoOffNote(ctx) : " (no GITHUB_TOKEN)"}`);
    return new LocalGitSource();
  }
  // Loaded on demand: the offline path (and the action's cold start) never pays for the SDK.
  const [{ githubClientFor }, { GitHubGitSource }] = await Promise.all([
    import("./github-client.js"),
    import("../collect/sources/github.js"),
  ]);
  const client = githubClientFor(ctx, "--git github", tuning);
  ctx.log.info(
    `git: GitHub API${ctx.env.GITHUB_API_URL ? ` at ${ctx.env.GITHUB_API_URL}` : ""}${choice ? "" : " (GITHUB_TOKEN is set)"}; repositories without github: are read locally`,
  );
  return new GitHubGitSource({ client });
}
