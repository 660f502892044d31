/** Turning GitHub failures into reasons a user can act on. */

export interface GraphqlErrorEntry {
  type?: string;
  message: string;
  path?: (string | number)[];
}

/** The shape of @octokit/graphql's GraphqlResponseError (HTTP 200 with an `errors` body), checked structurally. */
export interface GraphqlPartialError {
  errors: GraphqlErrorEntry[];
  data?: Record<string, unknown> | null;
}

export function isGraphqlPartialError(e: unknown): e is GraphqlPartialError {
  return (
    !!e &&
    typeof e === "object" &&
    (e as { name?: string }).name === "GraphqlResponseError" &&
    Array.isArray((e as GraphqlPartialError).errors)
  );
}

/** HTTP status of an Octokit RequestError, if it is one. */
export function httpStatus(e: unknown): number | undefined {
  const s = e && typeof e === "object" ? (e as { status?: unknown }).status : undefined;
  return typeof s === "number" ? s : undefined;
}

/** One line saying what went wrong and what to do, never the token. */
export function describeGitHubError(e: unknown, what: string): string {
  const status = httpStatus(e);
  const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
  if (isGraphqlPartialError(e)) return `${what}: ${e.errors.map((x) => x.message).join("; ")}`;
  switch (status) {
    case 401:
      return `${what}: GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN`;
    case 403:
      return `${what}: forbidden (403: ${msg}); the token lacks access (scope, SSO authorisation or fine-grained permission)`;
    case 404:
      return `${what}: not found (404); the name is wrong or the token cannot see it`;
    default:
      return `${what}: ${status ? `HTTP ${status}: ` : ""}${msg}`;
  }
}
