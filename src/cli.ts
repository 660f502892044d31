/** Local entry: the same pipeline as the action, driven by flags, offline by default. */
import path from "node:path";
import { parseArgs } from "node:util";
import { builtinRoles } from "./analyse/roles/index.js";
import { printResult } from "./commands/run.js";
import { readyToRun, setup } from "./commands/setup.js";
import { whoRows, whoTable } from "./commands/who.js";
import { entriesFor, prepare, selectAudiences } from "./pipeline/prepare.js";
import { run } from "./pipeline/run.js";
import { UserError } from "./shared/errors.js";
import { consoleLogger, type Logger } from "./shared/logger.js";

const USAGE = `Usage: npm start -- [command] [options]

Commands:
  run (default)             make every report due now (or the ones named) and deliver it
  plan [--json]             list the reports due now: the matrix the scheduled workflow runs
  who [--json]              every audience: recipients, scope, cadence, time zone, format, next send time
  init DIR                  write a minimal data folder (one entity, its audiences); init --help for its flags
  doctor                    check the configuration against SES, DynamoDB, GitHub and CloudWatch; doctor --help

Options:
  --data DIR                data directory (default: data)
  --out DIR                 output directory (default: out)
  --audience LIST           audience ids from audiences.yaml, comma-separated (default: those due now)
  --role LIST               only audiences of these roles
  --period LABEL            YYYY-Www (week), YYYY-MM (month) or YYYY-Qn (quarter): every selected audience of that cadence
  --now ISO                 the clock, e.g. 2026-11-30T06:17:00Z (default: data's defaults.now, else the system clock)
  --env-file FILE           read SES_SENDER_EMAIL, AWS_REGION, AUDIT_TABLE, ... from a dotenv file (an empty variable counts as unset)
  --mailer ses|outbox       how to deliver (default: ses when SES_SENDER_EMAIL, AWS_REGION and AWS credentials are set)
  --audit dynamodb|file     where to audit (default: dynamodb when AUDIT_TABLE is set)
  --board github|file       where action items go (default: github when GITHUB_TOKEN and GITHUB_REPOSITORY are set)
  --git github|local        where git facts come from (default: github when GITHUB_TOKEN is set)
  --metrics cloudwatch|file where metrics come from (default: cloudwatch when AWS_REGION and AWS credentials are set)
  --business dynamodb|file  business datasets (default: the DynamoDB tables data/dynamodb.yaml maps, with AWS credentials)
  --project REF             GitHub Projects v2 board for the cards: a project URL or owner/number
  --force                   send again even when the audit says this report was sent
  --dry-run                 analyse and render only: no email, no board, no audit
  --json                    plan and who: print JSON only
  --quiet                   print only warnings and errors
  -h, --help                show this help

Sample data pins its clock (data/portfolio.yaml defaults.now) and stays offline whatever the shell holds;
pass a flag (--mailer ses, ...) to use a service with it.
`;

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  now: () => Date;
  cwd: string;
  /** Where --json output goes (stdout). */
  print?: (s: string) => void;
}

const OPTIONS = {
  data: { type: "string", default: "data" },
  out: { type: "string", default: "out" },
  audience: { type: "string" },
  role: { type: "string" },
  period: { type: "string" },
  now: { type: "string" },
  "env-file": { type: "string" },
  mailer: { type: "string" },
  audit: { type: "string" },
  board: { type: "string" },
  git: { type: "string" },
  metrics: { type: "string" },
  business: { type: "string" },
  project: { type: "string" },
  force: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

const list = (v: string | undefined) =>
  v
    ? [
        ...new Set(
          v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ]
    : undefined;

/** Parses flags, runs the command and returns the process exit code. */
export async function main(io: CliIo): Promise<number> {
  // init and doctor have flags of their own.
  const [first, ...after] = io.argv;
  if (first === "init" || first === "doctor") {
    const [{ consoleIo }, command] = await Promise.all([
      import("./commands/io.js"),
      first === "init" ? import("./commands/init.js").then((m) => m.runInit) : import("./commands/doctor.js").then((m) => m.runDoctor),
    ]);
    return command(after, consoleIo(io));
  }
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: io.argv, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command = "run", ...rest] = positionals;
  if (!["run", "plan", "who"].includes(command) || rest.length > 0) {
    console.error(`error: unknown command "${[command, ...rest].join(" ")}" — expected run, plan or who\n\n${USAGE}`);
    return 2;
  }
  const print = io.print ?? ((s: string) => process.stdout.write(`${s}\n`));
  const log = consoleLogger({ quiet: values.quiet || values.json });
  try {
    if (command === "who") return await who(values, io, print);
    return command === "plan" ? await planCommand(values, io, log, print) : await runCommand(values, io, log);
  } catch (e) {
    console.error(`error: ${e instanceof UserError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

function common(v: Values) {
  return {
    data: v.data,
    out: v.out,
    ...(v.now ? { now: v.now } : {}),
    ...(v["env-file"] ? { envFile: v["env-file"] } : {}),
    edges: { mailer: v.mailer, audit: v.audit, board: v.board, git: v.git, metrics: v.metrics, business: v.business },
    ...(v.project ? { project: v.project } : {}),
  };
}

function selection(v: Values) {
  const audiences = list(v.audience);
  const roles = list(v.role);
  return { ...(audiences ? { audiences } : {}), ...(roles ? { roles } : {}), ...(v.period ? { period: v.period } : {}) };
}

async function runCommand(v: Values, io: CliIo, log: Logger): Promise<number> {
  const s = await setup(common(v), io, log);
  if (!v["dry-run"]) await readyToRun(s, log, io.env);
  const result = await run(
    {
      dataDir: s.dataDir,
      outDir: s.outDir,
      now: s.clock.now,
      wall: io.now,
      select: selection(v),
      force: v.force,
      dryRun: v["dry-run"],
      env: s.env,
    },
    log,
    s.edges,
  );
  printResult(result, { outDir: s.outDir, cwd: io.cwd, mailer: s.edges.mailer.name }, log);
  return result.ok ? 0 : 1;
}

async function planCommand(v: Values, io: CliIo, log: Logger, print: (s: string) => void): Promise<number> {
  const s = await setup(common(v), io, log);
  const { audiences: all } = await prepare(s.dataDir, builtinRoles);
  const audiences = selectAudiences(all, selection(v), s.dataDir);
  const entries = await entriesFor(audiences, selection(v), s.clock.now(), s.edges.audit, !s.edges.mailer.delivers);
  if (v.json) print(JSON.stringify({ now: s.clock.now().toISOString(), include: entries }));
  else {
    log.info(`${entries.length} report(s) due at ${s.clock.now().toISOString()}`);
    for (const e of entries) log.info(`  ${e.reportId.padEnd(30)} due ${e.dueAt}${e.catchUp ? " (catch-up)" : ""}`);
  }
  return 0;
}

async function who(v: Values, io: CliIo, print: (s: string) => void): Promise<number> {
  const dataDir = path.resolve(io.cwd, v.data);
  const { resolveClock } = await import("./config/clock.js");
  const clock = await resolveClock(dataDir, v.now, io.now);
  const rows = await whoRows(dataDir, clock.now());
  print(v.json ? JSON.stringify(rows, null, 2) : whoTable(rows, dataDir, io.cwd));
  return 0;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main({ argv: process.argv.slice(2), env: process.env, now: () => new Date(), cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
