/** GitHub: the token (and a classic PAT's scopes), the board's repository with issues enabled, and the Projects v2 board. */
import { PROJECT_TOKEN_ADVICE, parseProjectRef } from "../../board/projects.js";
import type { GitHubClient } from "../../github/client.js";
import { describeGitHubError, httpStatus } from "../../github/errors.js";
import { type CheckLine, fail, pass, skip } from "./check.js";

const PROJECT_QUERY = `query DoctorProject($login: String!, $number: Int!) {
  repositoryOwner(login: $login) {
    ... on Organization { projectV2(number: $number) { ...p } }
    ... on User { projectV2(number: $number) { ...p } }
  }
}
fragment p on ProjectV2 { title field(name: "Status") { ... on ProjectV2SingleSelectField { options { name } } } }`;

interface ProjectAnswer {
  repositoryOwner: { projectV2?: { title: string; field: { options?: { name: string }[] } | null } | null } | null;
}

/** Token, repository and project, in that order; later checks still run when an earlier one fails. */
export async function githubChecks(client: GitHubClient, o: { repository?: string; project?: string }): Promise<CheckLine[]> {
  const token = await tokenCheck(client, o);
  return [token.line, await repositoryCheck(client, o.repository), await projectCheck(client, o.project, token.scopes)];
}

async function tokenCheck(client: GitHubClient, o: { repository?: string; project?: string }) {
  const what = "GitHub token";
  let scopes: string[] | undefined;
  try {
    // /rate_limit answers every kind of token and costs nothing against the limit; a classic PAT's scopes come back in a header.
    const r = await client.request("GET /rate_limit");
    const header = r.headers["x-oauth-scopes"];
    scopes =
      typeof header === "string"
        ? header
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
  } catch (e) {
    return {
      line: fail(
        what,
        httpStatus(e) === 401
          ? "GitHub rejected GITHUB_TOKEN (401 Bad credentials): it is mistyped, expired or revoked — create a new one"
          : `${describeGitHubError(e, "GET /rate_limit")} — check GITHUB_API_URL and network access`,
      ),
      scopes,
    };
  }
  if (!scopes) return { line: pass(`${what}: accepted (fine-grained, app or workflow token: its permissions are checked below)`), scopes };
  const missing = [
    o.repository && !scopes.includes("repo") && !scopes.includes("public_repo") && "repo (public_repo for a public board repository)",
    o.project && !scopes.includes("project") && "project",
  ].filter(Boolean);
  if (missing.length)
    return {
      line: fail(
        `${what}: a classic PAT with scopes ${scopes.join(", ") || "(none)"}`,
        `add the ${missing.join(" and ")} scope(s) at https://github.com/settings/tokens (repo writes issues, project places them on the board)`,
      ),
      scopes,
    };
  return { line: pass(`${what}: a classic PAT with scopes ${scopes.join(", ")}`), scopes };
}

async function repositoryCheck(client: GitHubClient, repository: string | undefined): Promise<CheckLine> {
  if (!repository) return skip("GitHub board repository", "GITHUB_REPOSITORY is not set: cards go to the file board, out/board.json");
  const what = `GitHub board repository ${repository}`;
  const [owner, repo] = repository.split("/") as [string, string];
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}", { owner, repo });
    if (!data.has_issues)
      return fail(`${what}: issues are disabled`, `enable them: ${data.html_url}/settings → General → Features → Issues`);
    if (data.archived) return fail(`${what}: archived (read-only)`, "unarchive it, or set GITHUB_REPOSITORY to an active repository");
    const p = data.permissions;
    if (p && !p.push && !p.triage && !p.admin && !p.maintain)
      return fail(
        `${what}: this token can read it but not write issues`,
        "give the token Issues: read and write (fine-grained), the repo scope (classic), or `issues: write` in the workflow",
      );
    return pass(`${what}: reachable, issues enabled`);
  } catch (e) {
    return fail(
      what,
      httpStatus(e) === 404
        ? "not found, or not visible to this token — check GITHUB_REPOSITORY (owner/name) and the token's repository access"
        : describeGitHubError(e, `GET /repos/${repository}`),
    );
  }
}

async function projectCheck(client: GitHubClient, project: string | undefined, scopes: string[] | undefined): Promise<CheckLine> {
  if (!project) return skip("GitHub Projects", "no project configured (--project or EXEC_REPORTS_PROJECT): cards stay issues");
  let ref;
  try {
    ref = parseProjectRef(project);
  } catch (e) {
    return fail("GitHub Projects", (e as Error).message);
  }
  const what = `GitHub project ${ref.display}`;
  if (scopes && !scopes.includes("project")) return fail(`${what}: the classic PAT lacks the project scope`, PROJECT_TOKEN_ADVICE);
  try {
    const d = await client.graphql<ProjectAnswer>(PROJECT_QUERY, { login: ref.owner, number: ref.number });
    if (!d.repositoryOwner) return fail(`${what}: no user or organization "${ref.owner}"`, "check the project URL");
    const p = d.repositoryOwner.projectV2;
    if (!p) return fail(`${what}: not found, or not visible to this token`, `check the number, then: ${PROJECT_TOKEN_ADVICE}`);
    const names = (p.field?.options ?? []).map((x) => x.name.trim().toLowerCase());
    if (!p.field?.options)
      return fail(`${what} ("${p.title}"): no single-select field named Status`, "add a Status field with the options Todo and Done");
    const lacking = ["Todo", "Done"].filter((n) => !names.includes(n.toLowerCase()));
    if (lacking.length)
      return fail(
        `${what} ("${p.title}"): its Status field lacks ${lacking.join(" and ")}`,
        "add the missing option(s) to the Status field",
      );
    return pass(`${what} ("${p.title}"): reachable, Status has Todo and Done`);
  } catch (e) {
    return fail(what, `${describeGitHubError(e, "Projects API")} — ${PROJECT_TOKEN_ADVICE}`);
  }
}
