/**
 * `npm run archive -- [options] DIR...`: the fan-in step. Commits the archived reports found under each DIR (the
 * report jobs' output folders or downloaded artifacts) in one commit to the archive branch, retrying a lost push
 * race, and prints the commit. On GitHub Actions it pushes to this repository with GITHUB_TOKEN (sent as an
 * HTTP header through git's environment, never in the URL) and writes `sha` and `branch` to GITHUB_OUTPUT.
 */
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_ARCHIVE_BRANCH, fanIn } from "../archive/fan-in.js";
import { gitAuthEnv } from "../archive/git.js";
import { UserError } from "../shared/errors.js";
import { consoleLogger } from "../shared/logger.js";

const USAGE = `Usage: npm run archive -- [options] DIR...

  --remote URL      git remote to push to (default on Actions: this repository)
  --branch NAME     archive branch (default: ARCHIVE_BRANCH or ${DEFAULT_ARCHIVE_BRANCH})
  --message TEXT    commit message (default: the report ids, and the run's URL on Actions)
  --site-url URL    the Pages site, linked from the branch README
  --quiet           print only the commit, warnings and errors
  -h, --help        show this help

Every file under DIR matching archive/<period>/<audience>.{json,md,html} is committed.
`;

/** Runs the fan-in for the given arguments and environment; returns the exit code. */
export async function archiveCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        remote: { type: "string" },
        branch: { type: "string" },
        message: { type: "string" },
        "site-url": { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const log = consoleLogger({ quiet: values.quiet });
  try {
    if (!positionals.length) throw new UserError("archive: name at least one folder holding archive/<period>/<audience>.* files");
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    const remote = values.remote ?? (env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}.git` : undefined);
    if (!remote) throw new UserError("archive: --remote is required outside GitHub Actions (a URL or a path to a git repository)");
    const token = env.GITHUB_TOKEN;
    if (token) log.secret(token);
    const auth = token && /^https?:\/\//.test(remote) ? gitAuthEnv(remote, token) : {};
    const run =
      env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    const result = await fanIn({
      sources: positionals.map((p) => path.resolve(p)),
      remote,
      branch: values.branch ?? env.ARCHIVE_BRANCH ?? DEFAULT_ARCHIVE_BRANCH,
      ...(values.message ? { message: values.message } : {}),
      ...(run ? { trailer: `Run: ${run}` } : {}),
      ...(values["site-url"] ? { readme: { siteUrl: values["site-url"] } } : {}),
      env: auth,
      log,
    });
    if (!result.files.length) log.warn("archive: no archived report found in the folders given; nothing to commit");
    console.log(result.sha ? `${result.branch} ${result.sha}` : `${result.branch}: nothing archived`);
    if (env.GITHUB_OUTPUT)
      await appendFile(env.GITHUB_OUTPUT, `sha=${result.sha ?? ""}\nbranch=${result.branch}\nreports=${result.reportIds.length}\n`);
    if (result.sha && env.AUDIT_TABLE) await pointAuditAtCommit(result.reportIds, result.sha, env, log);
    return 0;
  } catch (e) {
    console.error(`error: ${e instanceof UserError ? e.message : e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** Each archived report's audit STATUS item records the archive branch commit that holds it (where the audit is DynamoDB). */
async function pointAuditAtCommit(
  reportIds: string[],
  commit: string,
  env: NodeJS.ProcessEnv,
  log: ReturnType<typeof consoleLogger>,
): Promise<void> {
  const [{ DynamoDBClient }, { DynamoDbAuditLog }, { archiveRelPaths }] = await Promise.all([
    import("@aws-sdk/client-dynamodb"),
    import("../audit/dynamodb.js"),
    import("../archive/paths.js"),
  ]);
  const audit = new DynamoDbAuditLog(new DynamoDBClient(env.AWS_REGION ? { region: env.AWS_REGION } : {}), env.AUDIT_TABLE!);
  for (const id of reportIds) {
    const dot = id.indexOf(".");
    const path = archiveRelPaths(id.slice(dot + 1), id.slice(0, dot)).json;
    try {
      if (!(await audit.markArchived(id, { path, commit })))
        log.warn(`audit: ${id} has no STATUS item in ${env.AUDIT_TABLE}; its archive commit is not recorded`);
    } catch (e) {
      log.warn(`audit: ${id}: the archive commit could not be recorded (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) process.exitCode = await archiveCommand(process.argv.slice(2), process.env);
