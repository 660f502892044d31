/** Which tracked files enable dependency scanning (Dependabot, CodeQL, an audit workflow). */
const DEPENDABOT = /^\.github\/dependabot\.ya?ml$/;
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const SCANNER = /github\/codeql-action|npm audit|pnpm audit|yarn audit|dependency-review-action|osv-scanner|snyk|trivy/i;

/** Workflow files worth reading to look for a scanner. */
export function workflowFiles(tracked: string[]): string[] {
  return tracked.filter((f) => WORKFLOW.test(f));
}

/** The files that enable scanning, given the tracked list and the contents of the workflow files. */
export function scanningFiles(tracked: string[], workflows: Record<string, string>): string[] {
  return [
    ...tracked.filter((f) => DEPENDABOT.test(f)),
    ...Object.entries(workflows)
      .filter(([, text]) => SCANNER.test(text))
      .map(([f]) => f),
  ].sort();
}

const ENV_FILE = /(^|\/)\.env(\.[\w-]+)?$/;
/** Env files and config files that often carry credentials: always scanned first. */
export function priorityFiles(tracked: string[]): string[] {
  return tracked.filter((f) => ENV_FILE.test(f) || /\.(gs|js|ts|json|ya?ml|py|rb|php|properties|ini|cfg|toml)$/i.test(f));
}
