/**
 * Audiences: who receives which report, for which entities, how often, in which time zone and format.
 * data/audiences.yaml is optional: without it every registered role gets one all-entity weekly audience.
 */
import path from "node:path";
import { IANAZone } from "luxon";
import { z } from "zod";
import { ConfigError } from "../shared/errors.js";
import type { Cadence } from "../shared/period.js";
import { readDataFile } from "./read-file.js";
import type { Portfolio } from "./schema.js";
import { parseYamlFile } from "./yaml-file.js";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case id (letters, digits, dashes)")
  .max(64, "at most 64 characters");
const email = z.email("an email address such as ops@example.com").max(254);
const timeZone = z.string().refine((tz) => IANAZone.isValidZone(tz), "an IANA time zone such as America/Los_Angeles or UTC");
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const FORMATS = ["full", "summary", "link-only"] as const;
export type Format = (typeof FORMATS)[number];

const recipients = z.strictObject({
  to: z.array(email).min(1, "at least one address").max(50, "at most 50 addresses (SES's limit per message)"),
  cc: z.array(email).max(50).default([]),
  bcc: z.array(email).max(500, "at most 500 addresses").default([]),
  replyTo: email.optional(),
});

const send = z.strictObject({
  /** Weekly audiences: the local weekday the report goes out. */
  weekday: z.enum(WEEKDAYS).optional(),
  /** Monthly and quarterly audiences: the day of the (first) month after the period, 1–28. */
  day: z.number().int().min(1).max(28, "a day 1–28 (every month has it)").optional(),
  /** Local hour, 0–23. */
  hour: z.number().int().min(0).max(23, "an hour 0–23"),
});

const shared = {
  timeZone: timeZone.optional(),
  send: send.optional(),
  format: z.enum(FORMATS).optional(),
  /** What to do when a source failed or is stale: send with a banner naming it, or hold the email and fail the job. */
  degraded: z.enum(["hold", "send-with-banner"]).optional(),
  /** Subject template: {role} {period} {scope} {headline} {critical} {label}. */
  subject: z.string().min(1).max(200).optional(),
  /** Attach the report's tables as CSV. */
  csv: z.boolean().optional(),
};

const audience = z.strictObject({
  id,
  label: z.string().min(1).max(80).optional(),
  role: id,
  scope: z.union([z.literal("all"), z.array(id).min(1, "at least one entity id, or all")]).default("all"),
  recipients,
  cadence: z.enum(["weekly", "monthly", "quarterly"]),
  ...shared,
});

export const audiencesFileSchema = z.strictObject({
  defaults: z.strictObject(shared).default({}),
  audiences: z.array(audience).min(1, "at least one audience"),
});

/** An audience with every default applied. */
export interface Audience {
  id: string;
  label: string;
  role: string;
  /** "all", or the entity ids this audience may see (sorted, unique). */
  scope: "all" | string[];
  recipients: { to: string[]; cc: string[]; bcc: string[]; replyTo?: string };
  cadence: Cadence;
  timeZone: string;
  send: { weekday?: Weekday; day?: number; hour: number };
  format: Format;
  /** Unset: data/policy.yaml `degraded.default` decides. */
  degraded?: "hold" | "send-with-banner";
  subject?: string;
  csv: boolean;
}

export const DEFAULT_SEND: Record<Cadence, Audience["send"]> = {
  weekly: { weekday: "monday", hour: 7 },
  monthly: { day: 1, hour: 8 },
  quarterly: { day: 1, hour: 8 },
};

/** The scope key used in ids and labels: "all" or the entity ids joined by "+". */
export function scopeKey(a: Pick<Audience, "scope">): string {
  return a.scope === "all" ? "all" : a.scope.join("+");
}

/** Reads DIR/audiences.yaml, or builds the default audiences (one per role) when the file does not exist. */
export async function loadAudiences(
  dir: string,
  ctx: { roles: readonly string[]; roleLabel: (id: string) => string; portfolio: Portfolio },
): Promise<Audience[]> {
  const file = path.join(dir, "audiences.yaml");
  // The safe read, as for every data file: a FIFO or a device is refused without blocking, a non-UTF-8 file named.
  const read = await readDataFile(file, dir);
  if (!read.ok && read.absent) return defaultAudiences(file, ctx);
  if (!read.ok) throw new ConfigError([read.issue]);
  const r = parseYamlFile(file, read.text, audiencesFileSchema);
  if (!r.ok) throw new ConfigError(r.issues);
  const { defaults, audiences } = r.file.value;
  const issues: string[] = [];
  const entities = new Set(ctx.portfolio.entities.map((e) => e.id));
  const seen = new Map<string, number>();
  const out = audiences.map((a, i): Audience => {
    const at = (...p: (string | number)[]) => `${file}:${r.file.lineOf(["audiences", i, ...p])} audiences[${i}]`;
    const first = seen.get(a.id);
    if (first !== undefined) issues.push(`${at("id")}.id: "${a.id}" repeats audiences[${first}].id — expected a unique id`);
    else seen.set(a.id, i);
    if (!ctx.roles.includes(a.role)) {
      issues.push(`${at("role")}.role: "${a.role}" — expected one of ${ctx.roles.map((x) => `"${x}"`).join(", ")}`);
    }
    if (a.scope !== "all") {
      a.scope.forEach((e, j) => {
        if (!entities.has(e))
          issues.push(
            `${at("scope", j)}.scope[${j}]: "${e}" is not an entity in portfolio.yaml — expected one of ${[...entities].join(", ")}`,
          );
      });
    }
    const sendAt: Audience["send"] = a.send ?? defaults.send ?? DEFAULT_SEND[a.cadence];
    if (a.cadence === "weekly" && !sendAt.weekday)
      issues.push(`${at("send")}.send: a weekly audience needs send.weekday (e.g. { weekday: monday, hour: 7 })`);
    if (a.cadence !== "weekly" && sendAt.day === undefined)
      issues.push(`${at("send")}.send: a ${a.cadence} audience needs send.day (e.g. { day: 1, hour: 8 })`);
    const dest = [...a.recipients.to, ...a.recipients.cc, ...a.recipients.bcc].map((x) => x.toLowerCase());
    const dup = dest.find((x, k) => dest.indexOf(x) !== k);
    if (dup) issues.push(`${at("recipients")}.recipients: "${dup}" is listed twice — expected each address once across to, cc and bcc`);
    return {
      id: a.id,
      label:
        a.label ?? (a.scope === "all" ? `${ctx.roleLabel(a.role)} (${a.cadence})` : `${ctx.roleLabel(a.role)} · ${a.scope.join(", ")}`),
      role: a.role,
      scope: a.scope === "all" ? "all" : [...new Set(a.scope)].sort(),
      recipients: a.recipients,
      cadence: a.cadence,
      timeZone: a.timeZone ?? defaults.timeZone ?? "UTC",
      send: sendAt,
      format: a.format ?? defaults.format ?? "full",
      ...((a.degraded ?? defaults.degraded) ? { degraded: a.degraded ?? defaults.degraded } : {}),
      ...((a.subject ?? defaults.subject) ? { subject: a.subject ?? defaults.subject } : {}),
      csv: a.csv ?? defaults.csv ?? false,
    };
  });
  if (issues.length) throw new ConfigError(issues);
  return out;
}

/** Without audiences.yaml: each role weekly to the recipients portfolio.yaml lists for it (recipients.<role>). */
function defaultAudiences(
  file: string,
  ctx: { roles: readonly string[]; roleLabel: (id: string) => string; portfolio: Portfolio },
): Audience[] {
  const legacy = ctx.portfolio.recipients ?? {};
  const missing = ctx.roles.filter((r) => !legacy[r]);
  if (missing.length === ctx.roles.length) {
    throw new ConfigError([
      `${file}:1 (file): missing — create it with at least one audience (id, role, recipients.to, cadence), or run \`npm start -- init DIR\` for a starting point`,
    ]);
  }
  return ctx.roles
    .filter((r) => legacy[r])
    .map((role) => ({
      id: role,
      label: `${ctx.roleLabel(role)} (weekly)`,
      role,
      scope: "all" as const,
      recipients: {
        to: legacy[role]!.to,
        cc: [],
        bcc: legacy[role]!.bcc,
        ...(legacy[role]!.replyTo ? { replyTo: legacy[role]!.replyTo } : {}),
      },
      cadence: "weekly" as const,
      timeZone: "UTC",
      send: { ...DEFAULT_SEND.weekly },
      format: "full" as const,
      csv: false,
    }));
}
