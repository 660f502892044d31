/** What every command shares: flags → environment, clock and edges, chosen once and said in the first lines. */
import path from "node:path";
import { requireDurableAudit } from "../audit/durable.js";
import { type Clock, resolveClock } from "../config/clock.js";
import { type Env, loadEnv } from "../config/env.js";
import type { Edges } from "../pipeline/types.js";
import type { Logger } from "../shared/logger.js";
import { checkOutDir } from "../shared/out-dir.js";
import { globalRedactor } from "../shared/redact.js";
import { type EdgeChoices, parseEdgeFlag, selectEdges } from "../wiring/edges.js";

export interface CommonFlags {
  data: string;
  out: string;
  now?: string;
  envFile?: string;
  edges: Partial<Record<keyof EdgeChoices, string | undefined>>;
  project?: string;
  slackWebhookUrl?: string;
  webhookUrl?: string;
  sesConfigurationSet?: string;
}

export interface Setup {
  dataDir: string;
  outDir: string;
  env: Env;
  clock: Clock;
  edges: Edges;
}

/** Reads the environment and clock, picks every edge (logging which and why), and masks secrets. */
export async function setup(
  f: CommonFlags,
  io: { env: NodeJS.ProcessEnv; now: () => Date; cwd: string },
  log: Logger,
  extra: { runUrl?: string } = {},
): Promise<Setup> {
  const dataDir = path.resolve(io.cwd, f.data);
  const outDir = path.resolve(io.cwd, f.out);
  const env = await loadEnv(f.envFile, io.env);
  // Every known secret is redacted from everything written or sent, not only from the console.
  globalRedactor.addFromEnv(io.env);
  for (const v of [env.GITHUB_TOKEN, env.SLACK_WEBHOOK_URL, f.slackWebhookUrl, f.webhookUrl]) {
    if (!v) continue;
    globalRedactor.add(v);
    log.secret(v);
  }
  const clock = await resolveClock(dataDir, f.now, io.now);
  if (clock.source !== "system")
    log.info(
      `clock: ${clock.now().toISOString()} (${clock.source === "flag" ? "--now" : `${path.relative(io.cwd, dataDir) || "."}/portfolio.yaml defaults.now`})`,
    );
  const choices: EdgeChoices = {
    mailer: parseEdgeFlag("mailer", f.edges.mailer),
    audit: parseEdgeFlag("audit", f.edges.audit),
    board: parseEdgeFlag("board", f.edges.board),
    git: parseEdgeFlag("git", f.edges.git),
    metrics: parseEdgeFlag("metrics", f.edges.metrics),
    business: parseEdgeFlag("business", f.edges.business),
  };
  const edges = await selectEdges(choices, {
    outDir,
    dataDir,
    env,
    log,
    // Claims, leases and audit times follow the real clock even when the data pins the reporting clock.
    now: io.now,
    // A sample portfolio (its data pins a clock) stays offline whatever the shell holds, --now or not.
    auto: !clock.pinned,
    ...(f.project ? { project: f.project } : {}),
    ...(f.slackWebhookUrl ? { slackWebhookUrl: f.slackWebhookUrl } : {}),
    ...(f.webhookUrl ? { webhookUrl: f.webhookUrl } : {}),
    ...(f.sesConfigurationSet ? { sesConfigurationSet: f.sesConfigurationSet } : {}),
    ...(extra.runUrl ? { runUrl: extra.runUrl } : {}),
  });
  return { dataDir, outDir, env, clock, edges };
}

/** Before a run that writes and may send: OUT is writable with room, and a real mailer has a durable audit. */
export async function readyToRun(s: Setup, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  await checkOutDir(s.outDir);
  requireDurableAudit({ mailer: s.edges.mailer, audit: s.edges.audit, onActions: env.GITHUB_ACTIONS === "true", log });
}
