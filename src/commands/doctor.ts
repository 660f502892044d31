/**
 * `npm start -- doctor`: checks a configuration end to end against the real services it names, one line per
 * check (✓, ✗ with the fix, or - skipped with how to turn it on). Read-only: it sends nothing and writes nothing.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SESClient } from "@aws-sdk/client-ses";
import { builtinRoles } from "../analyse/roles/index.js";
import { type Audience, loadAudiences } from "../config/audiences.js";
import { type Env, loadEnv } from "../config/env.js";
import { loadDataDir } from "../config/load.js";
import { type Portfolio, portfolioSchema } from "../config/schema.js";
import { parseYamlFile } from "../config/yaml-file.js";
import { createGitHubClient, type GitHubClient } from "../github/client.js";
import { ConfigError, UserError } from "../shared/errors.js";
import { memoryLogger } from "../shared/logger.js";
import { type CheckLine, fail, formatLine, pass, skip } from "./doctor/check.js";
import { type CommandIo, shownPath } from "./io.js";

export const DOCTOR_USAGE = `Usage: npm start -- doctor [options]

Checks the configuration against the services it names (read-only: nothing is sent or written).

  --data DIR        data directory (default: data)
  --env-file FILE   read SES_SENDER_EMAIL, AWS_REGION, AUDIT_TABLE, GITHUB_TOKEN, ... from a dotenv file
  --project REF     the Projects v2 board to check (default: EXEC_REPORTS_PROJECT)
  -h, --help        show this help
`;

/** How doctor reaches each service; tests pass emulator-backed clients. */
export interface DoctorDeps {
  ses(region: string): Promise<Pick<SESClient, "send">>;
  dynamodb(region: string): Promise<Pick<DynamoDBClient, "send">>;
  /** CloudWatch in us-east-1, where billing metrics live. */
  cloudwatch(): Promise<Pick<CloudWatchClient, "send">>;
  github(token: string, baseUrl?: string): GitHubClient;
}

/** The real services, with the SDK loaded only for the checks that run. */
export const realServices: DoctorDeps = {
  ses: async (region) => (await import("../delivery/ses-client.js")).createSesClient({ region }),
  dynamodb: async (region) => new (await import("@aws-sdk/client-dynamodb")).DynamoDBClient({ region }),
  cloudwatch: async () => new (await import("@aws-sdk/client-cloudwatch")).CloudWatchClient({ region: "us-east-1" }),
  github: (token, baseUrl) => createGitHubClient({ token, log: memoryLogger(), ...(baseUrl ? { baseUrl } : {}), retries: 1 }),
};

/** Runs every check and prints one line each; returns 1 when any check failed, 0 otherwise, 2 on bad usage. */
export async function runDoctor(args: string[], io: CommandIo, deps: DoctorDeps = realServices): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: "string", default: "data" },
        "env-file": { type: "string" },
        project: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`error: doctor: ${(e as Error).message}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  const lines: CheckLine[] = [];
  const say = (l: CheckLine) => {
    lines.push(l);
    io.out(formatLine(l));
  };

  let env: Env;
  try {
    env = await loadEnv(values["env-file"], io.env);
    say(pass(`environment${values["env-file"] ? ` (${values["env-file"]})` : ""}: valid`));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    for (const issue of e instanceof ConfigError ? e.issues : [e.message])
      say(fail(`environment: ${issue}`, "correct the value and run doctor again"));
    return summary(lines, io);
  }

  const dataDir = path.resolve(io.cwd, values.data);
  const data = await dataChecks(dataDir, shownPath(io, dataDir));
  data.lines.forEach(say);

  const region = env.AWS_REGION;
  const sender = env.SES_SENDER_EMAIL;
  if (sender && region) {
    const { sesChecks } = await import("./doctor/ses.js");
    const recipients = [...data.recipients, ...(env.RECIPIENT_EMAIL ?? []), ...(env.BCC_RECIPIENTS ?? [])];
    (await sesChecks(await deps.ses(region), { region, sender, recipients })).forEach(say);
  } else say(skip("SES", "set SES_SENDER_EMAIL and AWS_REGION to send with SES; until then emails go to the outbox folder"));

  if (env.AUDIT_TABLE && region) {
    const { auditTableCheck } = await import("./doctor/dynamodb.js");
    say(await auditTableCheck(await deps.dynamodb(region), env.AUDIT_TABLE, region));
  } else if (env.AUDIT_TABLE)
    say(fail(`DynamoDB audit table "${env.AUDIT_TABLE}"`, "AUDIT_TABLE is set but AWS_REGION is not: set AWS_REGION"));
  else say(skip("DynamoDB audit", "AUDIT_TABLE is not set: the audit is the file out/audit.jsonl, which a GitHub runner does not keep"));

  if (region) {
    const { billingMetricsCheck } = await import("./doctor/cloudwatch.js");
    say(await billingMetricsCheck(await deps.cloudwatch()));
  } else say(skip("CloudWatch", "AWS_REGION is not set: metrics come from metrics.yaml"));

  const project = values.project ?? (io.env.EXEC_REPORTS_PROJECT || undefined);
  if (env.GITHUB_TOKEN) {
    const { githubChecks } = await import("./doctor/github.js");
    (
      await githubChecks(deps.github(env.GITHUB_TOKEN, env.GITHUB_API_URL), {
        ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
        ...(project ? { project } : {}),
      })
    ).forEach(say);
  } else
    say(
      skip(
        "GitHub",
        `GITHUB_TOKEN is not set: git facts come from local clones and cards go to out/board.json${project ? "; the project cannot be checked" : ""}`,
      ),
    );

  return summary(lines, io);
}

function summary(lines: CheckLine[], io: CommandIo): number {
  const n = (s: CheckLine["status"]) => lines.filter((l) => l.status === s).length;
  io.out(`doctor: ${n("pass")} passed, ${n("fail")} failed, ${n("skip")} skipped`);
  return n("fail") ? 1 : 0;
}

/** The data folder loads, and who its audiences send to (for the SES sandbox check). */
async function dataChecks(dir: string, shown: string): Promise<{ lines: CheckLine[]; recipients: string[] }> {
  const lines: CheckLine[] = [];
  const roles = { roles: builtinRoles.ids, roleLabel: (id: string) => builtinRoles.label(id) };
  let portfolio: Portfolio | undefined;
  try {
    const inv = await loadDataDir(dir, { roles: builtinRoles.ids });
    portfolio = inv.portfolio;
    lines.push(pass(`data ${shown}: valid (${inv.portfolio.entities.length} entities)`));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const issues = e instanceof ConfigError ? e.issues : [e.message];
    lines.push(
      fail(
        `data ${shown}: ${issues.length} problem(s), the first: ${issues[0]}`,
        `run \`npm start -- --data ${shown} --dry-run\` for every line`,
      ),
    );
    portfolio = await portfolioOnly(dir);
  }
  let audiences: Audience[] = [];
  if (portfolio) {
    try {
      audiences = await loadAudiences(dir, { ...roles, portfolio });
      lines.push(pass(`audiences: ${audiences.length} (${audiences.map((a) => a.id).join(", ")})`));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      const issues = e instanceof ConfigError ? e.issues : [e.message];
      lines.push(fail(`audiences: ${issues.length} problem(s), the first: ${issues[0]}`, "correct audiences.yaml"));
    }
  }
  const recipients = audiences.flatMap((a) => [...a.recipients.to, ...a.recipients.cc, ...a.recipients.bcc]);
  return { lines, recipients };
}

async function portfolioOnly(dir: string): Promise<Portfolio | undefined> {
  const { readFile } = await import("node:fs/promises");
  const file = path.join(dir, "portfolio.yaml");
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const r = parseYamlFile(file, text, portfolioSchema);
  return r.ok ? r.file.value : undefined;
}
