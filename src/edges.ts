/** Chooses each edge once, from flags and configuration: the real service when configured, the offline one otherwise. */
import path from "node:path";
import type { Env } from "./config/env.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import { offlineEdges, type Edges } from "./run.js";

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
  if (v === undefined) return undefined;
  const allowed = EDGE_FLAGS[flag] as readonly string[];
  if (!allowed.includes(v)) throw new UserError(`--${flag}: "${v}" — expected one of ${allowed.join(", ")}`);
  return v as EdgeChoices[K];
}

export interface SelectContext {
  outDir: string;
  env: Env;
  log: Logger;
  now: () => Date;
  /** Set for the action: the token, repository and project for the board. */
  github?: { token?: string; repository?: string; project?: string };
}

/** Builds the edges for a run and says which were chosen. Live edges are added by their modules (ses, dynamodb, github, cloudwatch). */
export async function selectEdges(choices: EdgeChoices, ctx: SelectContext): Promise<Edges> {
  const edges = offlineEdges(ctx.outDir, ctx.now);
  for (const [k, v] of Object.entries(choices)) {
    if (v && !["outbox", "file", "local"].includes(v)) {
      throw new UserError(`--${k} ${v}: this build has no ${v} support yet; use the offline edge (see README)`);
    }
  }
  void path;
  return edges;
}
