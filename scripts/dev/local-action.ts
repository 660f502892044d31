/**
 * `npm run local-action [-- --env-file FILE --dist]`: runs the action as the runner does, on this machine. The env file
 * (default .env, from .env.example) holds INPUT_* variables and anything else the step would see; a temporary
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are created, and printed after the run.
 *
 * Replaces @github/local-action, whose dependencies (the Azure storage SDK for artifacts and caches) require
 * Node 22 and made `npm ci` print engine warnings on Node 20; this action needs neither artifacts nor caches.
 * It has no OIDC token either: to send for real, use your own AWS profile (AWS_PROFILE in the env file).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseDotenv } from "dotenv";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const { values } = parseArgs({
  options: {
    "env-file": { type: "string", default: ".env" },
    /** Run the bundle (dist/index.js) instead of the sources. */
    dist: { type: "boolean", default: false },
  },
});

const envFile = path.resolve(values["env-file"]);
let text: string;
try {
  text = await readFile(envFile, "utf8");
} catch {
  console.error(`error: ${envFile} not found — cp .env.example .env, then edit the INPUT_* lines`);
  process.exit(1);
}
const tmp = await mkdtemp(path.join(os.tmpdir(), "exec-reports-local-action-"));
const output = path.join(tmp, "output");
const summary = path.join(tmp, "summary.md");
await Promise.all([writeFile(output, ""), writeFile(summary, "")]);
const env = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? os.homedir(),
  ...(process.env.AWS_PROFILE ? { AWS_PROFILE: process.env.AWS_PROFILE } : {}),
  GITHUB_ACTIONS: "true",
  GITHUB_WORKSPACE: ROOT,
  RUNNER_TEMP: tmp,
  ...parseDotenv(text),
  GITHUB_OUTPUT: output,
  GITHUB_STEP_SUMMARY: summary,
};
// No shell in between: /bin/sh drops variables whose names hold a hyphen (INPUT_DRY-RUN).
const args = values.dist ? [path.join(ROOT, "dist/index.js")] : ["--import", "tsx", path.join(ROOT, "src/index.ts")];
const code = await new Promise<number>((resolve) => {
  const child = execFile(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err) =>
    resolve(err ? (typeof err.code === "number" ? err.code : 1) : 0),
  );
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
});
const [outputs, summaryText] = await Promise.all([readFile(output, "utf8"), readFile(summary, "utf8")]);
console.log(`\n── outputs (GITHUB_OUTPUT) ──\n${outputs.trim() || "(none)"}`);
console.log(`\n── job summary (GITHUB_STEP_SUMMARY, ${Buffer.byteLength(summaryText)} bytes) ──\n${summaryText.trim() || "(empty)"}`);
await rm(tmp, { recursive: true, force: true });
process.exitCode = code;
