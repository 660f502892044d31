/** `who`: every audience with its recipients, scope, cadence, time zone, format and next send time. */
import path from "node:path";
import { builtinRoles } from "../analyse/roles/index.js";
import type { Audience } from "../config/audiences.js";
import { nextSendTime } from "../pipeline/plan.js";
import { prepare } from "../pipeline/prepare.js";

export interface WhoRow {
  id: string;
  label: string;
  role: string;
  scope: "all" | string[];
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  cadence: string;
  timeZone: string;
  format: string;
  /** Local time with offset, e.g. 2026-12-07T07:00:00.000-08:00. */
  nextSend: string;
}

/** Who receives what, as rows (the JSON of `who --json`). */
export async function whoRows(dataDir: string, now: Date): Promise<WhoRow[]> {
  const { audiences } = await prepare(dataDir, builtinRoles);
  return audiences.map((a: Audience) => ({
    id: a.id,
    label: a.label,
    role: a.role,
    scope: a.scope,
    to: a.recipients.to,
    cc: a.recipients.cc,
    bcc: a.recipients.bcc,
    ...(a.recipients.replyTo ? { replyTo: a.recipients.replyTo } : {}),
    cadence: a.cadence,
    timeZone: a.timeZone,
    format: a.format,
    nextSend: nextSendTime(a, now).toISO()!,
  }));
}

/** The table `who` prints. */
export function whoTable(rows: WhoRow[], dataDir: string, cwd: string): string {
  const lines = rows.map((r) => {
    const scope = r.scope === "all" ? "all entities" : r.scope.join(", ");
    const rcpt = [`to ${r.to.join(", ")}`, r.cc.length ? `cc ${r.cc.join(", ")}` : "", r.bcc.length ? `bcc ${r.bcc.join(", ")}` : ""]
      .filter(Boolean)
      .join("; ");
    return `${r.id}\n  ${r.label}: ${r.role}, ${scope}, ${r.cadence}, ${r.format}, ${r.timeZone}\n  ${rcpt}\n  next: ${r.nextSend}`;
  });
  return `${rows.length} audiences in ${path.relative(cwd, path.join(dataDir, "audiences.yaml")) || "audiences.yaml"}\n\n${lines.join("\n\n")}`;
}
