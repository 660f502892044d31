/** Action entry: reads inputs with @actions/core, runs the same pipeline as the CLI, writes the job summary and outputs. */
import * as core from "@actions/core";
import { coreLogger } from "./action/core-logger.js";
import { parseInputs, SECRET_INPUTS } from "./action/inputs.js";
import { outputsFor } from "./action/outputs.js";
import { buildSummary } from "./action/summary.js";
import { loadEnv } from "./config/env.js";
import { type RunResult, run as runPipeline } from "./pipeline/run.js";
import { UserError } from "./shared/errors.js";
import { selectEdges } from "./wiring/edges.js";

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
    const opts = parseInputs((n) => core.getInput(n), { workspace: env.GITHUB_WORKSPACE || process.cwd(), now: now() });
    const runUrl = runUrlFrom(env);
    const appEnv = await loadEnv(opts.envFile, {
      ...env,
      ...(opts.githubToken ? { GITHUB_TOKEN: opts.githubToken } : {}),
      ...(opts.slackWebhookUrl ? { SLACK_WEBHOOK_URL: opts.slackWebhookUrl } : {}),
      ...(opts.sesConfigurationSet ? { SES_CONFIGURATION_SET: opts.sesConfigurationSet } : {}),
    });
    if (appEnv.GITHUB_TOKEN) core.setSecret(appEnv.GITHUB_TOKEN);
    if (appEnv.SLACK_WEBHOOK_URL) core.setSecret(appEnv.SLACK_WEBHOOK_URL);

    const edges = await selectEdges(opts.edges, {
      outDir: opts.outDir,
      dataDir: opts.dataDir,
      env: appEnv,
      log,
      now,
      project: opts.project,
      slackWebhookUrl: opts.slackWebhookUrl,
      webhookUrl: opts.webhookUrl,
      sesConfigurationSet: opts.sesConfigurationSet,
      runUrl,
    });
    const result = await runPipeline(
      {
        dataDir: opts.dataDir,
        outDir: opts.outDir,
        roles: opts.roles,
        period: opts.period,
        entities: opts.entities,
        force: opts.force,
        dryRun: opts.dryRun,
        env: appEnv,
        now,
        runUrl,
      },
      log,
      edges,
    );

    for (const [k, v] of Object.entries(outputsFor(result, opts.outDir))) core.setOutput(k, v);
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(buildSummary(result, runUrl)).write();
    for (const r of result.roles) {
      const c = r.counts;
      core.info(
        `${r.role}: ${r.status} ${r.reportId} — ${c.kpis - c.missingKpis}/${c.kpis} KPIs, ${c.findings} findings, ${c.actions} actions`,
      );
    }
    const failed = result.roles.filter((r) => r.status === "failed");
    if (failed.length) {
      core.setFailed(failed.map((r) => `exec-reports ${r.role} (${r.reportId}) failed: ${r.error ?? "unknown error"}`).join("\n"));
    }
    return result;
  } catch (e) {
    core.setFailed(e instanceof UserError ? e.message : `exec-reports crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return undefined;
  }
}

/** The name @github/local-action calls. */
export { runAction as run };
