/** Chooses each edge once, from flags and configuration: the real service when configured, the offline one otherwise. */

import path from "node:path";
import { FileAuditLog } from "../audit/file.js";
import { FileBoard } from "../board/file-board.js";
import { LocalGitSource } from "../collect/sources/git-local.js";
import { FileMetricsSource } from "../collect/sources/metrics-file.js";
import { datasetSource, gitSource, metricsSource } from "../collect/sources/registry.js";
import type { Source } from "../collect/sources/source.js";
import { OutboxMailer } from "../delivery/outbox.js";
import type { Edges } from "../pipeline/types.js";
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
  /** Business datasets: the DynamoDB tables data/dynamodb.yaml maps, or the data/ files. */
  business?: "dynamodb" | "file";
}

export const EDGE_FLAGS = {
  mailer: ["ses", "outbox"],
  audit: ["dynamodb", "file"],
  board: ["github", "file"],
  git: ["github", "local"],
  metrics: ["cloudwatch", "file"],
  business: ["dynamodb", "file"],
} as const;

/** Validates a --mailer/--audit/--board/--git/--metrics value. */
export function parseEdgeFlag<K extends keyof EdgeChoices>(flag: K, v: string | undefined): EdgeChoices[K] {
  if (v === undefined || v === "") return undefined;
  const allowed = EDGE_FLAGS[flag] as readonly string[];
  if (!allowed.includes(v)) throw new UserError(`--${flag}: "${v}" — expected one of ${allowed.join(", ")}`);
  return v as EdgeChoices[K];
}

export type { SelectContext } from "./context.js";

/** Builds the edges for a run and logs which were chosen and why. */
export async function selectEdges(choices: EdgeChoices, ctx: SelectContext): Promise<Edges> {
  const business = await selectBusiness(choices.business, ctx);
  const sources: Source[] = [gitSource(await selectGit(choices.git, ctx)), metricsSource(await selectMetrics(choices.metrics, ctx))];
  if (business) sources.push(datasetSource(business.source, business.datasets));
  return {
    sources,
    mailer: await selectMailer(choices.mailer, ctx),
    audit: await selectAudit(choices.audit, ctx),
    board: await selectBoard(choices.board, ctx),
    notifiers: await selectNotifiers(ctx),
  };
}

/** Every edge offline: local git, data/metrics.yaml, the outbox, the file audit and the file board under OUT. */
export function offlineEdges(outDir: string, now: () => Date): Edges {
  return {
    sources: [gitSource(new LocalGitSource()), metricsSource(new FileMetricsSource())],
    mailer: new OutboxMailer(path.join(outDir, "outbox")),
    audit: new FileAuditLog(outDir, now),
    board: new FileBoard(path.join(outDir, "board.json"), now),
    notifiers: [],
  };
}
