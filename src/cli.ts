/** Local entry: the same pipeline as the action, driven by flags, offline by default. */
import path from "node:path";
import { parseArgs } from "node:util";
import { builtinRoles } from "./analyse/roles/index.js";
import { loadEnv } from "./config/env.js";
import type { Role } from "./config/schema.js";

const ROLES = builtinRoles.ids;

import { type RunResult, run } from "./pipeline/run.js";
import { UserError } from "./shared/errors.js";
import { consoleLogger } from "./shared/logger.js";
import { isoWeekLabel } from "./shared/period.js";
import { parseEdgeFlag, selectEdges } from "./wiring/edges.js";

const USAGE = `Usage: npm start -- [options]

  --data DIR                data directory (default: data)
  --out DIR                 output directory (default: out)
  --role LIST               roles, comma-separated: ${ROLES.join(",")} (default: all)
  --entities LIST           entity ids to report on (default: all)
  --period YYYY-Www         ISO week (default: the current week)
  --env-file FILE           read SES_SENDER_EMAIL, AWS_REGION, RECIPIENT_EMAIL, ... from a dotenv file
  --mailer ses|outbox       how to deliver (default: ses when SES_SENDER_EMAIL and AWS_REGION are set)
  --audit dynamodb|file     where to audit (default: dynamodb when AUDIT_TABLE is set)
  --board github|file       where action items go (default: github when GITHUB_TOKEN and GITHUB_REPOSITORY are set)
  --git github|local        where git facts come from (default: github when GITHUB_TOKEN is set)
  --metrics cloudwatch|file where metrics come from (default: cloudwatch when AWS_REGION is set)
  --project REF             GitHub Projects v2 board for the cards: a project URL or owner/number
  --force                   send again even when the audit log says this report was sent
  --dry-run                 analyse and render only: no email, no board, no audit
  --quiet                   print only warnings and errors
  -h, --help                show this help
`;

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  now: () => Date;
  cwd: string;
}

/** Parses flags, runs the pipeline and returns the process exit code. */
export async function main(io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: io.argv,
      options: {
        data: { type: "string", default: "data" },
        out: { type: "string", default: "out" },
        role: { type: "string" },
        entities: { type: "string" },
        period: { type: "string" },
        "env-file": { type: "string" },
        mailer: { type: "string" },
        audit: { type: "string" },
        board: { type: "string" },
        git: { type: "string" },
        metrics: { type: "string" },
        project: { type: "string" },
        force: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const log = consoleLogger({ quiet: values.quiet });
  try {
    const roles = parseRoles(values.role);
    const env = await loadEnv(values["env-file"], io.env);
    if (env.GITHUB_TOKEN) log.secret(env.GITHUB_TOKEN);
    if (env.SLACK_WEBHOOK_URL) log.secret(env.SLACK_WEBHOOK_URL);
    const outDir = path.resolve(io.cwd, values.out);
    const edges = await selectEdges(
      {
        mailer: parseEdgeFlag("mailer", values.mailer),
        audit: parseEdgeFlag("audit", values.audit),
        board: parseEdgeFlag("board", values.board),
        git: parseEdgeFlag("git", values.git),
        metrics: parseEdgeFlag("metrics", values.metrics),
      },
      { outDir, dataDir: path.resolve(io.cwd, values.data), env, log, now: io.now, ...(values.project ? { project: values.project } : {}) },
    );
    const result = await run(
      {
        dataDir: path.resolve(io.cwd, values.data),
        outDir,
        roles,
        period: values.period ?? isoWeekLabel(io.now()),
        entities: values.entities
          ? values.entities
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
        force: values.force,
        dryRun: values["dry-run"],
        env,
        now: io.now,
      },
      log,
      edges,
    );
    printResult(result, outDir, io.cwd, log);
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UserError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    console.error(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

function parseRoles(v: string | undefined): Role[] {
  if (!v || v === "all") return [...ROLES];
  const list = v
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length)
    throw new UserError(
      `--role: ${bad.map((b) => `"${b}"`).join(", ")} is not a role — expected a comma-separated list of ${ROLES.join(", ")}`,
    );
  return [...new Set(list)] as Role[];
}

function printResult(r: RunResult, outDir: string, cwd: string, log: ReturnType<typeof consoleLogger>): void {
  const rel = (p: string) => path.relative(cwd, p) || ".";
  for (const x of r.roles) {
    const c = x.counts;
    const board = x.board
      ? `; cards +${x.board.created.length} ~${x.board.updated.length} closed ${x.board.closed.length} reopened ${x.board.reopened.length}`
      : "";
    log.info(
      `${x.role.padEnd(10)} ${x.status.padEnd(8)} ${x.reportId}: ${c.kpis - c.missingKpis}/${c.kpis} KPIs, ${c.findings} findings, ${c.actions} actions${board}${x.location ? ` → ${rel(x.location)}` : ""}${x.error ? ` — ${x.error}` : ""}`,
    );
  }
  log.info(
    `reports in ${rel(path.join(outDir, "reports"))}/, audit in ${rel(path.join(outDir, "audit.jsonl"))}, board in ${rel(path.join(outDir, "board.json"))}`,
  );
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main({ argv: process.argv.slice(2), env: process.env, now: () => new Date(), cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
