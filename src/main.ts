/** Action entry: reads inputs with @actions/core, runs the same pipeline as the CLI, writes the job summary and outputs. */
import * as core from "@actions/core";
import { coreLogger } from "./action/core-logger.js";
import { parseInputs, SECRET_INPUTS } from "./action/inputs.js";
import { outputsFor } from "./action/outputs.js";
import { buildSummary, planSummary } from "./action/summary.js";
import { builtinRoles } from "./analyse/roles/index.js";
import { setup } from "./commands/setup.js";
import { entriesFor, prepare, selectAudiences } from "./pipeline/prepare.js";
import { run as runPipeline } from "./pipeline/run.js";
import type { RunResult } from "./pipeline/types.js";
import { UserError } from "./shared/errors.js";

export interface ActionDeps {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** The URL of this workflow run, when the runner says where we are. */
export function runUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

/** Runs the action once; never throws: every failure ends in core.setFailed with a reason. */
export async function runAction(deps: ActionDeps = {}): Promise<RunResult | undefined> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const log = coreLogger();
  try {
    // Masked first, before validation can print anything.
    for (const name of SECRET_INPUTS) {
      const v = core.getInput(name);
      if (v) core.setSecret(v);
    }
    const opts = parseInputs((n) => core.getInput(n), { workspace: env.GITHUB_WORKSPACE || process.cwd() });
    const runUrl = runUrlFrom(env);
    const s = await setup(
      {
        data: opts.dataDir,
        out: opts.outDir,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.envFile ? { envFile: opts.envFile } : {}),
        edges: opts.edges,
        ...(opts.project ? { project: opts.project } : {}),
        ...(opts.slackWebhookUrl ? { slackWebhookUrl: opts.slackWebhookUrl } : {}),
        ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}),
        ...(opts.sesConfigurationSet ? { sesConfigurationSet: opts.sesConfigurationSet } : {}),
      },
      {
        env: {
          ...env,
          ...(opts.githubToken ? { GITHUB_TOKEN: opts.githubToken } : {}),
          ...(opts.slackWebhookUrl ? { SLACK_WEBHOOK_URL: opts.slackWebhookUrl } : {}),
          ...(opts.sesConfigurationSet ? { SES_CONFIGURATION_SET: opts.sesConfigurationSet } : {}),
        },
        now,
        cwd: env.GITHUB_WORKSPACE || process.cwd(),
      },
      log,
      runUrl ? { runUrl } : {},
    );
    const select = {
      ...(opts.audiences ? { audiences: opts.audiences } : {}),
      ...(opts.roles ? { roles: opts.roles } : {}),
      ...(opts.period ? { period: opts.period } : {}),
    };

    if (opts.command === "plan") {
      const { audiences: all } = await prepare(s.dataDir, builtinRoles);
      const entries = await entriesFor(
        selectAudiences(all, select, s.dataDir),
        select,
        s.clock.now(),
        s.edges.audit,
        !s.edges.mailer.delivers,
      );
      core.setOutput("matrix", JSON.stringify({ include: entries }));
      core.setOutput("count", String(entries.length));
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(planSummary(entries, s.clock.now())).write();
      core.info(
        `${entries.length} report(s) due at ${s.clock.now().toISOString()}: ${entries.map((e) => e.reportId).join(", ") || "none"}`,
      );
      return undefined;
    }

    // A schedule that cannot send must say so, not pass green with files nobody reads.
    if (env.GITHUB_EVENT_NAME === "schedule" && !s.edges.mailer.delivers && !opts.dryRun) {
      throw new UserError(
        "a scheduled run has no mail configuration, so no email would leave: set the SES_SENDER_EMAIL and AWS_REGION variables and AWS_ROLE_ARN for OIDC (see the README's quick start), or run by hand with workflow_dispatch to render to the outbox",
      );
    }
    const result = await runPipeline(
      {
        dataDir: s.dataDir,
        outDir: s.outDir,
        now: s.clock.now,
        wall: now,
        select,
        force: opts.force,
        dryRun: opts.dryRun,
        env: s.env,
        ...(runUrl ? { runUrl } : {}),
      },
      log,
      s.edges,
    );
    for (const [k, v] of Object.entries(outputsFor(result, s.outDir))) core.setOutput(k, v);
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(buildSummary(result, runUrl)).write();
    for (const r of result.reports) {
      const c = r.counts;
      core.info(`${r.reportId}: ${r.status} — ${c.kpis - c.missingKpis}/${c.kpis} KPIs, ${c.findings} findings, ${c.actions} actions`);
    }
    if (result.reports.some((r) => r.status === "rendered"))
      core.notice("No email was sent: the reports were rendered to the outbox (.eml files in the artifact).");
    const failed = result.reports.filter((r) => r.status === "failed" || r.status === "held");
    if (failed.length)
      core.setFailed(failed.map((r) => `exec-reports ${r.reportId} ${r.status}: ${r.error ?? r.reason ?? "unknown error"}`).join("\n"));
    return result;
  } catch (e) {
    core.setFailed(e instanceof UserError ? e.message : `exec-reports crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return undefined;
  }
}

/** The name @github/local-action calls. */
export { runAction as run };
