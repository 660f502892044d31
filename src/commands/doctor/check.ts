/** One line of `doctor` output: what was checked, and when it failed, what to do about it. */
import { describeError } from "../../shared/retry.js";

export type CheckLine =
  | { status: "pass"; what: string }
  | { status: "fail"; what: string; fix: string }
  | { status: "skip"; what: string; why: string };

export const pass = (what: string): CheckLine => ({ status: "pass", what });
export const fail = (what: string, fix: string): CheckLine => ({ status: "fail", what, fix });
export const skip = (what: string, why: string): CheckLine => ({ status: "skip", what, why });

/** "✓ what", "✗ what — fix: …" or "- what (skipped: …)". */
export function formatLine(l: CheckLine): string {
  if (l.status === "pass") return `✓ ${l.what}`;
  if (l.status === "fail") return `✗ ${l.what} — fix: ${l.fix}`;
  return `- ${l.what} (skipped: ${l.why})`;
}

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);
const BAD_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
]);

/** What to do about an AWS error from a read that needs `permission`. */
export function awsFix(e: unknown, permission: string): string {
  const name = (e as { name?: string }).name ?? "";
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(describeError(e)))
    return "no AWS credentials found — set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY locally; in the workflow, set AWS_ROLE_ARN for the OIDC role";
  if (DENIED.has(name)) return `the AWS identity lacks ${permission} — add it to the IAM policy (see the README's IAM section)`;
  if (BAD_CREDENTIALS.has(name)) return `AWS rejected the credentials (${name}) — refresh them or check AWS_REGION`;
  return `${describeError(e)} — check AWS_REGION and network access, then run doctor again`;
}
