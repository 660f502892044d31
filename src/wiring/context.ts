/** What every edge factory may read: chosen once per run from flags, inputs and the environment. */
import type { Env } from "../config/env.js";
import type { Logger } from "../shared/logger.js";

/** Everything an edge factory may need. */
export interface SelectContext {
  outDir: string;
  dataDir: string;
  env: Env;
  log: Logger;
  now: () => Date;
  /** GitHub Projects v2 board: a project URL, or owner/number. */
  project?: string;
  slackWebhookUrl?: string;
  webhookUrl?: string;
  sesConfigurationSet?: string;
  runUrl?: string;
  /**
   * Whether configuration found in the environment may choose a real service. False for a sample portfolio
   * (its data pins the clock): the quick start stays offline whatever the shell holds; flags still choose.
   */
  auto: boolean;
}

/** Why an edge stayed offline although its variables are set, for the run's first lines. */
export function autoOffNote(ctx: SelectContext): string {
  return ctx.auto ? "" : " (sample data pins the clock: services are used only when a flag asks)";
}
