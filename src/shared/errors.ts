/** Errors a user can act on: the message names the file, the place and the fix. */
export class UserError extends Error {
  override name = "UserError";
}

/** A data or environment file that failed validation; `issues` holds one line per problem. */
export class ConfigError extends UserError {
  override name = "ConfigError";
  constructor(readonly issues: string[]) {
    super(issues.join("\n"));
  }
}

/** The one way an unknown thrown value becomes a message. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
