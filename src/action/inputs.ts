/** The action's inputs, read and validated once into a typed options object. */
import path from "node:path";
import { z } from "zod";
import { parseInstant } from "../config/clock.js";
import { UserError } from "../shared/errors.js";
import { parsePeriod } from "../shared/period.js";
import { EDGE_FLAGS, type EdgeChoices } from "../wiring/edges.js";

/** Every input action.yml declares; a test keeps the two in step. */
export const INPUT_NAMES = [
  "command",
  "audience",
  "role",
  "period",
  "now",
  "data-dir",
  "out-dir",
  "dry-run",
  "force",
  "github-token",
  "project",
  "slack-webhook-url",
  "webhook-url",
  "ses-configuration-set",
  "mailer",
  "audit",
  "board",
  "git",
  "metrics",
  "env-file",
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Inputs that carry a credential: masked before anything else happens. */
export const SECRET_INPUTS = ["github-token", "slack-webhook-url", "webhook-url"] as const satisfies readonly InputName[];

export interface ActionOptions {
  /** `report` makes the reports; `plan` only lists what is due (the matrix). */
  command: "report" | "plan";
  audiences?: string[];
  roles?: string[];
  period?: string;
  now?: string;
  dataDir: string;
  outDir: string;
  dryRun: boolean;
  force: boolean;
  githubToken?: string;
  project?: string;
  slackWebhookUrl?: string;
  webhookUrl?: string;
  sesConfigurationSet?: string;
  envFile?: string;
  edges: EdgeChoices;
}

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const optional = z.string().transform((s) => s.trim() || undefined);
const optionalList = z.string().transform((s) => {
  const xs = [...new Set(list(s.toLowerCase()))].filter((x) => x !== "all");
  return xs.length ? xs : undefined;
});
// YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them.
const bool = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.enum(["", "true", "True", "TRUE", "false", "False", "FALSE"], { error: "expected true or false" }))
  .transform((s) => s.toLowerCase() === "true");
const httpUrl = optional.pipe(z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional());
const edge = <K extends keyof EdgeChoices>(k: K) =>
  optional.pipe(
    z
      .enum(EDGE_FLAGS[k] as unknown as [NonNullable<EdgeChoices[K]>, ...NonNullable<EdgeChoices[K]>[]], {
        error: `expected one of ${EDGE_FLAGS[k].join(", ")} (or empty for automatic)`,
      })
      .optional(),
  );
/** A value checked by a function that throws a UserError; its message (minus the flag name) is the issue. */
const checked = (check: (s: string) => unknown, flag: string) =>
  optional.superRefine((s, ctx) => {
    if (!s) return;
    try {
      check(s);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message.replace(new RegExp(`^${flag} `), "") });
    }
  });

const schema = z.object({
  command: optional.pipe(z.enum(["report", "plan"], { error: "expected report or plan" }).default("report")),
  audience: optionalList,
  role: optionalList,
  period: checked((s) => parsePeriod(s), "--period"),
  now: checked((s) => parseInstant(s), "--now"),
  "data-dir": optional,
  "out-dir": optional,
  "dry-run": bool,
  force: bool,
  "github-token": optional,
  project: optional,
  "slack-webhook-url": httpUrl,
  "webhook-url": httpUrl,
  "ses-configuration-set": optional,
  mailer: edge("mailer"),
  audit: edge("audit"),
  board: edge("board"),
  git: edge("git"),
  metrics: edge("metrics"),
  "env-file": optional,
});

/**
 * Reads every input through `get` (core.getInput in the action) and validates them together,
 * so one run reports every bad input at once. Relative paths resolve against `workspace`.
 */
export function parseInputs(get: (name: InputName) => string, ctx: { workspace: string }): ActionOptions {
  const raw = Object.fromEntries(INPUT_NAMES.map((n) => [n, get(n) ?? ""]));
  const r = schema.safeParse(raw);
  if (!r.success) {
    // Values are never echoed: several inputs are credentials.
    throw new UserError(r.error.issues.map((i) => `action input "${String(i.path[0])}": ${i.message}`).join("\n"));
  }
  const v = r.data;
  const abs = (p: string) => path.resolve(ctx.workspace, p);
  return {
    command: v.command,
    ...(v.audience ? { audiences: v.audience } : {}),
    ...(v.role ? { roles: v.role } : {}),
    ...(v.period ? { period: v.period } : {}),
    ...(v.now ? { now: v.now } : {}),
    dataDir: abs(v["data-dir"] ?? "data"),
    outDir: abs(v["out-dir"] ?? "exec-reports-out"),
    dryRun: v["dry-run"],
    force: v.force,
    githubToken: v["github-token"],
    project: v.project,
    slackWebhookUrl: v["slack-webhook-url"],
    webhookUrl: v["webhook-url"],
    sesConfigurationSet: v["ses-configuration-set"],
    envFile: v["env-file"] ? abs(v["env-file"]) : undefined,
    edges: { mailer: v.mailer, audit: v.audit, board: v.board, git: v.git, metrics: v.metrics },
  };
}
