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
}
