/** Board selection: GitHub Issues (+ Projects) when asked or configured, board.json under OUT otherwise. */
import path from "node:path";
import type { Board } from "../board/board.js";
import { FileBoard } from "../board/file-board.js";
import { UserError } from "../shared/errors.js";
import { autoOffNote, type SelectContext } from "./context.js";
import type { ClientTuning } from "./github-client.js";

export async function selectBoard(choice: "github" | "file" | undefined, ctx: SelectContext, tuning?: ClientTuning): Promise<Board> {
  const { GITHUB_TOKEN, GITHUB_REPOSITORY } = ctx.env;
  const useGitHub = choice === "github" || (choice === undefined && ctx.auto && !!GITHUB_TOKEN && !!GITHUB_REPOSITORY);
  if (!useGitHub) {
    const file = path.join(ctx.outDir, "board.json");
    ctx.log.info(
      `board: ${file}${choice ? "" : GITHUB_TOKEN && GITHUB_REPOSITORY ? autoOffNote(ctx) : " (GITHUB_TOKEN and GITHUB_REPOSITORY are not both set)"}`,
    );
    return new FileBoard(file, ctx.now);
  }
  if (!GITHUB_REPOSITORY)
    throw new UserError(
      "--board github needs GITHUB_REPOSITORY (owner/name of the repository that holds the cards); set it in the environment or the --env-file",
    );
  // Loaded on demand: the offline path (and the action's cold start) never pays for the SDK.
  const [{ githubClientFor }, { GitHubIssuesBoard }, { parseProjectRef, ProjectBoard }] = await Promise.all([
    import("./github-client.js"),
    import("../board/github-issues.js"),
    import("../board/projects.js"),
  ]);
  const client = githubClientFor(ctx, "--board github", tuning);
  const project = ctx.project ? new ProjectBoard(client, parseProjectRef(ctx.project)) : undefined;
  ctx.log.info(
    `board: GitHub Issues in ${GITHUB_REPOSITORY}${project ? `, placed on project ${project.ref.display}` : " (no project configured)"}${choice ? "" : " (GITHUB_TOKEN and GITHUB_REPOSITORY are set)"}`,
  );
  return new GitHubIssuesBoard({ client, repository: GITHUB_REPOSITORY, ...(project ? { project } : {}) });
}
