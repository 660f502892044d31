/** The per-run cap on new cards: the first ones are filed, the rest listed on one summary card per role and scope. */
import { createHash } from "node:crypto";
import type { Role } from "../config/schema.js";
import { markdownInline, safeTitle } from "../shared/text.js";
import { type CardSpec, entityLabel, fingerprintMarker } from "./board.js";

/** Titles listed on a summary card at most (its body stays far below GitHub's 65,536 characters). */
const LISTED = 200;

/** The summary card's fingerprint: fixed per role and scope, so one card is updated run after run. */
export function overflowFingerprint(role: Role, scope: string): string {
  return createHash("sha256").update(`exec-reports:overflow:${role}:${scope}`).digest("hex").slice(0, 16);
}

/** Splits the specs into those to file now (existing cards, and new ones up to `room`) and the new ones over the cap. */
export function capNewCards(specs: CardSpec[], exists: (fp: string) => boolean, room: number): { file: CardSpec[]; over: CardSpec[] } {
  const file: CardSpec[] = [];
  const over: CardSpec[] = [];
  let left = Math.max(0, room);
  for (const s of specs) {
    if (exists(s.fingerprint)) file.push(s);
    else if (left > 0) {
      file.push(s);
      left--;
    } else over.push(s);
  }
  return { file, over };
}

/** One card that lists the findings over the cap; they get cards of their own in later runs as room allows. */
export function overflowCard(role: Role, key: string, over: CardSpec[]): CardSpec {
  const fingerprint = overflowFingerprint(role, key);
  const lines = over
    .slice(0, LISTED)
    .map((s) => `- **${markdownInline(s.priority)}** · ${markdownInline(s.title)} (${markdownInline(s.entity)})`);
  const more = over.length > LISTED ? [`- …and ${over.length - LISTED} more`] : [];
  return {
    fingerprint,
    title: safeTitle(
      `${over.length} more ${role.toUpperCase()} findings not filed as cards yet${key === "portfolio" ? "" : ` (${key.replace(/^scope:/, "")})`}`,
    ),
    body: [
      fingerprintMarker(fingerprint),
      `This run filed as many new cards as its cap allows; these ${over.length} findings are listed here instead and get cards of their own in later runs. Each is in the ${role.toUpperCase()} report.`,
      "",
      ...lines,
      ...more,
      "",
      "<sub>Managed by exec-reports: updated each run, closed when nothing is left over.</sub>",
    ].join("\n"),
    // The entity label of its key, like the report's own aggregate cards: the GitHub board finds the cards a report
    // manages (and closes) by their role and entity labels, so without it the summary card would never close.
    labels: ["exec-report", `role:${role}`, entityLabel(key), "priority:overflow"],
    role,
    // Owned like the report's own aggregate findings: closed by the report that keeps them current.
    entity: key,
    priority: "overflow",
  };
}

/** The aggregate entity key among the ones a report manages ("portfolio" or scope:<key>): where its overflow card belongs. */
export function aggregateKey(manage: string[]): string {
  return manage.find((k) => k === "portfolio" || k.startsWith("scope:")) ?? "portfolio";
}
