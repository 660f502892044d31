/** The board as GitHub Issues: one issue per action item, found again by the fingerprint marker in its body. */
import type { Role } from "../config/schema.js";
import type { GitHubClient } from "../github/client.js";
import { httpStatus } from "../github/errors.js";
import type { Board, BoardSyncResult, CardSpec } from "./board.js";
import { entityLabel, parseFingerprint } from "./board.js";
import type { ProjectBoard, ProjectCard } from "./projects.js";

export const BOARD_LABEL = "exec-report";
/** Label prefixes this board owns; other labels on an issue (added by people) are kept. */
const MANAGED = /^(exec-report$|role:|entity:|priority:|scope:)/;
const COLORS: [RegExp, string, string][] = [
  [/^exec-report$/, "5319e7", "Action item from exec-reports"],
  [/^role:/, "1d76db", "Role that owns the report"],
  [/^entity:/, "0e8a16", "Business the finding is about"],
  [/^priority:(p0|critical|high)/i, "b60205", "Priority"],
  [/^priority:/, "fbca04", "Priority"],
  [/^scope:/, "c5def5", "Report scope (entities covered)"],
];

interface IssueRecord {
  number: number;
  nodeId: string;
  url: string;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

interface ApiIssue {
  number: number;
  node_id: string;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

export interface GitHubIssuesBoardOptions {
  client: GitHubClient;
  /** owner/name of the repository that holds the cards. */
  repository: string;
  project?: ProjectBoard;
}

const norm = (s: string) => s.replace(/\r\n/g, "\n").trimEnd();
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

/** Board on GitHub Issues (+ optional Projects v2). Syncs are serialised; one listing serves the whole run. */
export class GitHubIssuesBoard implements Board {
  readonly name: string;
  private readonly owner: string;
  private readonly repo: string;
  private queue: Promise<unknown> = Promise.resolve();
  private issues: Map<string, IssueRecord> | undefined;
  private labels: Set<string> | undefined;
  private ready: Promise<void> | undefined;

  constructor(private readonly o: GitHubIssuesBoardOptions) {
    [this.owner = "", this.repo = ""] = o.repository.split("/");
    this.name = `github ${o.repository}${o.project ? ` + project ${o.project.ref.display}` : ""}`;
  }

  sync(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const next = this.queue.then(() => this.syncNow(role, manage, specs, closeComment));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The card listing, the label listing and the project's fields, read together (one round trip). */
  prefetch(): void {
    if (this.ready) return;
    this.ready = Promise.all([this.listCards(), this.listLabels(), this.o.project?.prefetch()]).then(() => undefined);
    // Handled here so a failure read before the first sync is not an unhandled rejection; the sync still sees it.
    this.ready.catch(() => undefined);
  }

  private get rest() {
    return this.o.client.rest;
  }

  private async syncNow(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    const r: BoardSyncResult = { created: [], updated: [], closed: [], reopened: [], unchanged: [], cards: [], warnings: [] };
    this.prefetch();
    try {
      await this.ready;
    } catch (e) {
      // This role's sync fails; the next one reads the listings again rather than inherit the failure.
      this.ready = undefined;
      throw e;
    }
    const issues = this.issues!;
    const { owner, repo } = this;
    const placed: ProjectCard[] = [];
    for (const s of specs) {
      const labels = [...new Set(s.labels)];
      let issue = issues.get(s.fingerprint);
      if (!issue) {
        await this.ensureLabels(labels);
        const { data } = await this.rest.issues.create({ owner, repo, title: s.title, body: s.body, labels });
        issue = toRecord(data as ApiIssue);
        issues.set(s.fingerprint, issue);
        r.created.push(s.fingerprint);
      } else if (!manage.includes(s.entity)) {
        // Another audience keeps this card current: link to it, change nothing.
        r.unchanged.push(s.fingerprint);
      } else {
        const wanted = [...issue.labels.filter((l) => !MANAGED.test(l)), ...labels];
        const changed = issue.title !== s.title || norm(issue.body) !== norm(s.body) || !sameSet(issue.labels, wanted);
        if (issue.state === "closed" || changed) {
          await this.ensureLabels(labels);
          const reopen = issue.state === "closed";
          const { data } = await this.rest.issues.update({
            owner,
            repo,
            issue_number: issue.number,
            title: s.title,
            body: s.body,
            labels: wanted,
            ...(reopen ? { state: "open" as const } : {}),
          });
          if (reopen)
            await this.rest.issues.createComment({
              owner,
              repo,
              issue_number: issue.number,
              body: "Reopened by exec-reports: the finding is back.",
            });
          issue = toRecord(data as ApiIssue);
          issues.set(s.fingerprint, issue);
          (reopen ? r.reopened : r.updated).push(s.fingerprint);
        } else r.unchanged.push(s.fingerprint);
      }
      r.cards.push({ fingerprint: s.fingerprint, url: issue.url, number: issue.number });
      placed.push({ nodeId: issue.nodeId, open: true });
    }
    const keep = new Set(specs.map((s) => s.fingerprint));
    for (const [fp, issue] of issues) {
      const owned = issue.labels.includes(`role:${role}`) && manage.some((e) => issue.labels.includes(entityLabel(e)));
      if (issue.state !== "open" || keep.has(fp) || !owned) continue;
      await this.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: closeComment });
      const { data } = await this.rest.issues.update({
        owner,
        repo,
        issue_number: issue.number,
        state: "closed",
        state_reason: "completed",
      });
      issues.set(fp, toRecord(data as ApiIssue));
      r.closed.push(fp);
      placed.push({ nodeId: issue.nodeId, open: false });
    }
    if (this.o.project) r.warnings.push(...(await this.o.project.place(placed)).warnings);
    return r;
  }

  /** Every card ever filed, by fingerprint: the labelled listing (state all), not the search API, whose index lags. */
  private async listCards(): Promise<void> {
    const all = (await this.o.client.paginate(this.rest.issues.listForRepo, {
      owner: this.owner,
      repo: this.repo,
      labels: BOARD_LABEL,
      state: "all",
      per_page: 100,
    })) as ApiIssue[];
    const map = new Map<string, IssueRecord>();
    for (const i of all) {
      const fp = i.pull_request ? null : parseFingerprint(i.body);
      if (!fp) continue;
      const rec = toRecord(i);
      const prev = map.get(fp);
      // A duplicate can only come from an outside edit; follow the open one, then the oldest.
      if (!prev || (prev.state === "closed" && rec.state === "open") || (prev.state === rec.state && rec.number < prev.number))
        map.set(fp, rec);
    }
    this.issues = map;
  }

  private async listLabels(): Promise<void> {
    const all = await this.o.client.paginate(this.rest.issues.listLabelsForRepo, { owner: this.owner, repo: this.repo, per_page: 100 });
    this.labels = new Set(all.map((l) => l.name.toLowerCase()));
  }

  private async ensureLabels(names: string[]): Promise<void> {
    for (const name of names) {
      if (this.labels!.has(name.toLowerCase())) continue;
      const [, color = "ededed", description = ""] = COLORS.find(([re]) => re.test(name)) ?? [];
      try {
        await this.rest.issues.createLabel({ owner: this.owner, repo: this.repo, name, color, description });
      } catch (e) {
        // Another run (or a person) created it first: that is what we wanted.
        if (
          !(httpStatus(e) === 422 && /already_exists/.test(JSON.stringify((e as { response?: { data?: unknown } }).response?.data ?? "")))
        )
          throw e;
      }
      this.labels!.add(name.toLowerCase());
    }
  }
}

function toRecord(i: ApiIssue): IssueRecord {
  return {
    number: i.number,
    nodeId: i.node_id,
    url: i.html_url,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
  };
}
