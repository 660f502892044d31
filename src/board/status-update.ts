/**
 * The executive summary as a Projects (v2) status update: ON_TRACK / AT_RISK / OFF_TRACK from the headline
 * KPIs' targets, the summary as its body. A re-run of the same report edits its own update instead of adding
 * another, so the project's history shows one update per report.
 */
import type { GitHubClient } from "../github/client.js";
import { describeGitHubError } from "../github/errors.js";
import { formatValue, type Unit } from "../shared/format.js";
import { PROJECT_TOKEN_ADVICE, type ProjectRef } from "./projects.js";

export type ProjectStatus = "ON_TRACK" | "AT_RISK" | "OFF_TRACK";

/** What the status update reads from a Report (src/analyse/report.ts); `headline` once reports carry it. */
export interface StatusReport {
  id: string;
  title: string;
  period: { label: string };
  summary: string[];
  kpis: { id: string; label: string; unit: Unit; value: number | null; target?: { op: ">=" | "<="; value: number }; status: string }[];
  headline?: unknown;
}

export interface StatusVerdict {
  status: ProjectStatus;
  /** One line per headline KPI that is off target or missing. */
  reasons: string[];
}

const HEADLINE_SIZE = 4;
const op = (o: ">=" | "<=") => (o === ">=" ? "≥" : "≤");

/** The headline KPIs: the given ids, else the report's own, else its first four. */
function headlineKpis(r: StatusReport, headline?: string[]): StatusReport["kpis"] {
  const ids =
    headline ?? (Array.isArray(r.headline) && r.headline.every((h) => typeof h === "string") ? (r.headline as string[]) : undefined);
  const named = (ids ?? []).map((id) => r.kpis.find((k) => k.id === id)).filter((k): k is StatusReport["kpis"][number] => !!k);
  return named.length ? named : r.kpis.slice(0, HEADLINE_SIZE);
}

/**
 * OFF_TRACK when the most important headline KPI with a target misses it, or half or more of those with targets do;
 * AT_RISK when any misses its target or any headline KPI could not be measured; ON_TRACK otherwise.
 */
export function projectStatusOf(r: StatusReport, headline?: string[]): StatusVerdict {
  const kpis = headlineKpis(r, headline);
  const targeted = kpis.filter((k) => k.target);
  const off = targeted.filter((k) => k.status === "off-target");
  const missing = kpis.filter((k) => k.status === "missing");
  const reasons = [
    ...off.map(
      (k) => `${k.label}: ${formatValue(k.value, k.unit)} against a target of ${op(k.target!.op)} ${formatValue(k.target!.value, k.unit)}`,
    ),
    ...missing.map((k) => `${k.label}: not measured`),
  ];
  const firstOff = targeted[0]?.status === "off-target";
  const status: ProjectStatus =
    off.length && (firstOff || off.length * 2 >= targeted.length) ? "OFF_TRACK" : off.length || missing.length ? "AT_RISK" : "ON_TRACK";
  return { status, reasons };
}

const WORDS: Record<ProjectStatus, string> = { ON_TRACK: "On track", AT_RISK: "At risk", OFF_TRACK: "Off track" };
const MAX_BODY = 65_000;

/** Report text in Markdown: no HTML, no table break, no @mention or #reference that would notify anyone. */
function md(s: string): string {
  return s
    .replace(/[\\`*_<>|[\]]/g, (c) => `\\${c}`)
    .replace(/@(?=\w)/g, "@\u200d")
    .replace(/#(?=\d)/g, "#\u200d")
    .replace(/\r?\n/g, " ");
}

/** The marker that lets a re-run find its own update. */
export const statusMarker = (reportId: string) => `<!-- exec-reports:status ${reportId.replace(/[^\w.:-]/g, "_")} -->`;

/** The update's Markdown body: verdict, summary, headline KPIs, a link to the report. */
export function statusBody(r: StatusReport, verdict: StatusVerdict, o: { headline?: string[]; link?: string } = {}): string {
  const kpis = headlineKpis(r, o.headline);
  const lines = [
    `**${md(r.title)} · ${md(r.period.label)}: ${WORDS[verdict.status].toLowerCase()}**`,
    "",
    ...r.summary.map((s) => `- ${md(s)}`),
    "",
    "| Headline KPI | Value | Target |",
    "| --- | ---: | --- |",
    ...kpis.map(
      (k) =>
        `| ${md(k.label)} | ${k.value === null ? "not measured" : md(formatValue(k.value, k.unit))}${k.status === "off-target" ? " (off target)" : ""} | ${k.target ? md(`${op(k.target.op)} ${formatValue(k.target.value, k.unit)}`) : "—"} |`,
    ),
  ];
  if (o.link) lines.push("", `[The full report](${encodeURI(o.link)})`);
  const marker = statusMarker(r.id);
  const body = lines.join("\n");
  return `${body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n\n…(truncated)` : body}\n\n${marker}`;
}

const UPDATES_QUERY = `query ProjectStatusUpdates($login: String!, $number: Int!) {
  repositoryOwner(login: $login) {
    ... on Organization { projectV2(number: $number) { ...statusUpdates } }
    ... on User { projectV2(number: $number) { ...statusUpdates } }
  }
}
fragment statusUpdates on ProjectV2 {
  id
  title
  statusUpdates(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { id status body } }
}`;

const CREATE = `mutation CreateProjectStatusUpdate($project: ID!, $status: ProjectV2StatusUpdateStatus!, $body: String!) {
  createProjectV2StatusUpdate(input: { projectId: $project, status: $status, body: $body }) { statusUpdate { id } }
}`;

const UPDATE = `mutation UpdateProjectStatusUpdate($id: ID!, $status: ProjectV2StatusUpdateStatus!, $body: String!) {
  updateProjectV2StatusUpdate(input: { statusUpdateId: $id, status: $status, body: $body }) { statusUpdate { id } }
}`;

interface UpdatesData {
  repositoryOwner: {
    projectV2?: {
      id: string;
      title: string;
      statusUpdates: { nodes: { id: string; status: string | null; body: string | null }[] };
    } | null;
  } | null;
}

export interface StatusUpdateOptions {
  /** KPI ids the audience's role heads with; else the report's own headline, else its first four KPIs. */
  headline?: string[];
  /** The archived report's page, linked from the update. */
  link?: string;
}

export type StatusUpdateResult =
  | { action: "created" | "updated" | "unchanged"; id: string; status: ProjectStatus }
  | { action: "failed"; status: ProjectStatus; warning: string };

/**
 * Posts (or, for a report already posted, edits) the project's status update. Never throws: a project out of reach
 * gives a warning naming the token it needs, for the run to print; the report itself is unaffected.
 */
export async function postStatusUpdate(
  client: GitHubClient,
  project: ProjectRef,
  r: StatusReport,
  o: StatusUpdateOptions = {},
): Promise<StatusUpdateResult> {
  const verdict = projectStatusOf(r, o.headline);
  const body = statusBody(r, verdict, o);
  try {
    const d = await client.graphql<UpdatesData>(UPDATES_QUERY, { login: project.owner, number: project.number });
    const p = d.repositoryOwner?.projectV2;
    if (!p)
      throw new Error(
        d.repositoryOwner
          ? `project number ${project.number} not found (or the token cannot see it)`
          : `no user or organization "${project.owner}"`,
      );
    const mine = p.statusUpdates.nodes.find((u) => u.body?.includes(statusMarker(r.id)));
    if (mine && mine.status === verdict.status && mine.body === body) return { action: "unchanged", id: mine.id, status: verdict.status };
    if (mine) {
      const u = await client.graphql<{ updateProjectV2StatusUpdate: { statusUpdate: { id: string } } }>(UPDATE, {
        id: mine.id,
        status: verdict.status,
        body,
      });
      return { action: "updated", id: u.updateProjectV2StatusUpdate.statusUpdate.id, status: verdict.status };
    }
    const c = await client.graphql<{ createProjectV2StatusUpdate: { statusUpdate: { id: string } } }>(CREATE, {
      project: p.id,
      status: verdict.status,
      body,
    });
    return { action: "created", id: c.createProjectV2StatusUpdate.statusUpdate.id, status: verdict.status };
  } catch (e) {
    const why = e instanceof Error && !("status" in e) && !("errors" in e) ? e.message : describeGitHubError(e, "Projects API");
    return {
      action: "failed",
      status: verdict.status,
      warning: `project ${project.display}: the status update for ${r.id} was not posted (${why}); ${PROJECT_TOKEN_ADVICE}`,
    };
  }
}
