/** Chooses each edge once, from flags and configuration: the real service when configured, the offline one otherwise. */
import type { Env } from "./config/env.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Edges } from "./run.js";
import { selectAudit } from "./audit/select.js";
import { selectBoard } from "./board/select.js";
import { selectMailer } from "./delivery/select.js";
import { selectNotifiers } from "./delivery/select-notifiers.js";
import { selectBusiness, selectMetrics } from "./sources/select-aws.js";
import { selectGit } from "./sources/select-git.js";

export interface EdgeChoices {
  mailer?: "ses" | "outbox";
  audit?: "dynamodb" | "file";
  board?: "github" | "file";
  git?: "github" | "local";
  metrics?: "cloudwatch" | "file";
}

export const EDGE_FLAGS = {
  mailer: ["ses", "outbox"],
  audit: ["dynamodb", "file"],
  board: ["github", "file"],
  git: ["github", "local"],
  metrics: ["cloudwatch", "file"],
} as const;

/** Validates a --mailer/--audit/--board/--git/--metrics value. */
export function parseEdgeFlag<K extends keyof EdgeChoices>(flag: K, v: string | undefined): EdgeChoices[K] {
  if (v === undefined || v === "") return undefined;
  const allowed = EDGE_FLAGS[flag] as readonly string[];
  if (!allowed.includes(v)) throw new UserError(`--${flag}: "${v}" — expected one of ${allowed.join(", ")}`);
  return v as EdgeChoices[K];
}

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

/** Builds the edges for a run and logs which were chosen. */
export async function selectEdges(choices: EdgeChoices, ctx: SelectContext): Promise<Edges> {
  const edges: Edges = {
    git: await selectGit(choices.git, ctx),
    metrics: await selectMetrics(choices.metrics, ctx),
    business: await selectBusiness(ctx),
    mailer: await selectMailer(choices.mailer, ctx),
    audit: await selectAudit(choices.audit, ctx),
    board: await selectBoard(choices.board, ctx),
    notifiers: await selectNotifiers(ctx),
  };
  return edges;
}
