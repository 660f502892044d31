/** Chooses each edge once, from flags and configuration: the real service when configured, the offline one otherwise. */

import type { Edges } from "../pipeline/run.js";
import { UserError } from "../shared/errors.js";
import type { SelectContext } from "./context.js";
import { selectAudit } from "./select-audit.js";
import { selectBusiness, selectMetrics } from "./select-aws.js";
import { selectBoard } from "./select-board.js";
import { selectGit } from "./select-git.js";
import { selectMailer } from "./select-mailer.js";
import { selectNotifiers } from "./select-notifiers.js";

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

export type { SelectContext } from "./context.js";

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
