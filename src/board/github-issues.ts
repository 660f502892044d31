/**
 * The board as GitHub Issues: one issue per action item, found again by the fingerprint marker in its body.
 *
 * Writes are few because GitHub spaces them (≥ 1 s apart): a new card is ONE GraphQL createIssue carrying its label
 * ids and project (projectV2Ids); labels are created once per repository; Status values for new items are set 20 to a
 * request (project.ts). A run files at most `maxNewCards` new cards; the rest are listed on one summary card.
 */
import type { Role } from "../config/schema.js";
import type { GitHubClient } from "../github/client.js";
import { globalRedactor, type Redactor } from "../shared/redact.js";
import { safeTitle } from "../shared/text.js";
import { type AckCandidate, acknowledgedHow, readAcknowledgements } from "./acknowledge.js";
import {
  type Board,
  type BoardSyncResult,
  type CardSpec,
  DEFAULT_MAX_NEW_CARDS,
  emptySyncResult,
  entityLabel,
  parseFingerprint,
} from "./board.js";
import { type ApiIssue, CREATE_CARD, type CreatedIssue, clampBody, type IssueRecord, REPOSITORY, toRecord } from "./issue-records.js";
import { RepoLabels } from "./labels.js";
import { aggregateKey, capNewCards, overflowCard } from "./overflow.js";
import type { ProjectBoard, ProjectCard } from "./projects.js";
import { postStatusUpdate, type StatusReport } from "./status-update.js";

export const BOARD_LABEL = "exec-report";
/** Label prefixes this board owns; other labels on an issue (added by people) are kept. */
const MANAGED = /^(exec-report$|role:|entity:|priority:|scope:)/;
export interface GitHubIssuesBoardOptions {
  client: GitHubClient;
  /** owner/name of the repository that holds the cards. */
  repository: string;
  project?: ProjectBoard;
  /** New cards this board files in one run at most; the rest go on one summary card per role and scope. */
  maxNewCards?: number;
  /** Secrets to keep out of titles, bodies, comments and errors (default: the process's). */
  redactor?: Redactor;
}

const norm = (s: string) => s.replace(/\r\n/g, "\n").trimEnd();
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

/** Board on GitHub Issues (+ optional Projects v2). Syncs are serialised; one listing serves the whole run. */
export class GitHubIssuesBoard implements Board {
  readonly name: string;
  private readonly owner: string;
  private readonly repo: string;
  private readonly redactor: Redactor;
  private queue: Promise<unknown> = Promise.resolve();
  private issues: Map<string, IssueRecord> | undefined;
  /** Label name (lower case) → node id. */
  private readonly labels: RepoLabels;
  private repositoryId: string | undefined;
  private ready: Promise<void> | undefined;
  /** New cards filed by this board (one run). */
  private filed = 0;
  /** Syncs queued behind the one running: while there are, Status changes wait to fill batches of 20. */
  private waiting = 0;
  /** Set when the first sync begins: labels are then created only for the cards that need them. */
  private syncing = false;

  constructor(private readonly o: GitHubIssuesBoardOptions) {
    [this.owner = "", this.repo = ""] = o.repository.split("/");
    this.labels = new RepoLabels({ client: o.client, owner: this.owner, repo: this.repo });
    this.name = `github ${o.repository}${o.project ? ` + project ${o.project.ref.display}` : ""}`;
    this.redactor = o.redactor ?? globalRedactor;
  }

  sync(role: Role, manage: string[], specs: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    this.waiting++;
    const next = this.queue.then(() =>
      this.syncNow(role, manage, specs, closeComment).catch((e: unknown) => {
        // An error body can reflect the token (a proxy, a misconfigured server): never let it reach a report.
        throw this.redactor.redactError(e);
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The card listing, the labels, the repository id and the project's fields, read together (one round trip); then the
   * labels of `vocabulary` this repository lacks are created one by one while the sources are still being read, until
   * the first sync begins: from then on a label is created only when a card needs it.
   */
  prefetch(vocabulary: string[] = []): void {
    if (this.ready) return;
    const labels = this.labels.list();
    this.ready = Promise.all([this.listCards(), labels, this.readRepositoryId(), this.o.project?.prefetch()]).then(() => undefined);
    // Handled here so a failure read before the first sync is not an unhandled rejection; the sync still sees it.
    this.ready.catch(() => undefined);
    void labels.then(
      () => this.labels.createAhead(vocabulary, () => this.syncing),
      () => undefined,
    );
  }

  private get rest() {
    return this.o.client.rest;
  }

  async postStatus(report: StatusReport, o: { headline?: string[]; link?: string }): Promise<string | undefined> {
    if (!this.o.project) return undefined;
    const r = await postStatusUpdate(this.o.client, this.o.project.ref, report, o);
    return r.action === "failed" ? this.redactor.redact(r.warning) : undefined;
  }

  /** Status changes left for the next sync to send when one is already waiting (20 to a request across roles). */
  async flush(): Promise<string[]> {
    return this.o.project ? (await this.o.project.place([], true)).warnings.map((w) => this.redactor.redact(w)) : [];
  }

  private async syncNow(role: Role, manage: string[], input: CardSpec[], closeComment: string): Promise<BoardSyncResult> {
    this.waiting--;
    this.syncing = true;
    const r = emptySyncResult();
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
    const clean = (s: CardSpec): CardSpec => ({
      ...s,
      title: safeTitle(this.redactor.redact(s.title)),
      body: clampBody(this.redactor.redact(s.body)),
    });
    const { file, over } = capNewCards(
      input.map(clean),
      (fp) => issues.has(fp),
      (this.o.maxNewCards ?? DEFAULT_MAX_NEW_CARDS) - this.filed,
    );
    const summary = over.length ? overflowCard(role, aggregateKey(manage), over) : undefined;
    if (summary) file.push(summary);
    const projectId = await this.o.project?.projectId();
    const placed: ProjectCard[] = [];
    const seen: AckCandidate[] = [];
    for (const s of file) {
      const labels = [...new Set(s.labels)];
      let issue = issues.get(s.fingerprint);
      if (!issue) {
        await this.labels.ensure(labels);
        issue = await this.create(s, labels, projectId);
        issues.set(s.fingerprint, issue);
        this.filed++;
        r.created.push(s.fingerprint);
        placed.push({ nodeId: issue.nodeId, open: true, ...(issue.itemId ? { itemId: issue.itemId } : {}) });
      } else if (!manage.includes(s.entity)) {
        // Another audience keeps this card current: link to it, change nothing.
        r.unchanged.push(s.fingerprint);
      } else if (issue.state === "closed" && acknowledgedHow(issue) === "not-planned") {
        // A person closed it as not planned: the finding stays on the report as acknowledged; the card stays closed.
        r.unchanged.push(s.fingerprint);
      } else {
        const wanted = [...issue.labels.filter((l) => !MANAGED.test(l)), ...labels];
        const changed = issue.title !== s.title || norm(issue.body) !== norm(s.body) || !sameSet(issue.labels, wanted);
        if (issue.state === "closed" || changed) {
          await this.labels.ensure(labels);
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
        placed.push({ nodeId: issue.nodeId, open: true });
      }
      r.cards.push({ fingerprint: s.fingerprint, url: issue.url, number: issue.number });
      seen.push({ ...issue, fingerprint: s.fingerprint });
    }
    if (summary) r.overflow = { count: over.length, card: r.cards.find((c) => c.fingerprint === summary.fingerprint)! };
    const keep = new Set(file.map((s) => s.fingerprint));
    for (const [fp, issue] of issues) {
      const owned = issue.labels.includes(`role:${role}`) && manage.some((e) => issue.labels.includes(entityLabel(e)));
      if (issue.state !== "open" || keep.has(fp) || !owned) continue;
      await this.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: this.redactor.redact(closeComment) });
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
    if (this.o.project)
      r.warnings.push(...(await this.o.project.place(placed, this.waiting === 0)).warnings.map((w) => this.redactor.redact(w)));
    r.acknowledged = await readAcknowledgements(this.o.client, seen);
    return r;
  }

  /** One request: the issue with its labels and, when a project is configured and reachable, its project item. */
  private async create(s: CardSpec, labels: string[], projectId: string | undefined): Promise<IssueRecord> {
    const labelIds = labels.map((l) => this.labels.id(l)).filter((x): x is string => !!x);
    const d = await this.o.client.graphql<{ createIssue: { issue: CreatedIssue } }>(CREATE_CARD, {
      input: {
        repositoryId: this.repositoryId,
        title: s.title,
        body: s.body,
        labelIds,
        ...(projectId ? { projectV2Ids: [projectId] } : {}),
      },
    });
    const i = d.createIssue.issue;
    const item = i.projectItems?.nodes.find((n) => n.project.id === projectId)?.id;
    return {
      number: i.number,
      nodeId: i.id,
      url: i.url,
      title: i.title,
      body: i.body ?? "",
      state: i.state === "CLOSED" ? "closed" : "open",
      stateReason: null,
      labels: i.labels.nodes.map((l) => l.name),
      ...(item ? { itemId: item } : {}),
    };
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

  private async readRepositoryId(): Promise<void> {
    const d = await this.o.client.graphql<{ repository: { id: string } | null }>(REPOSITORY, { owner: this.owner, name: this.repo });
    if (!d.repository) throw new Error(`GitHub repository ${this.o.repository} not found (or the token cannot see it)`);
    this.repositoryId = d.repository.id;
  }
}
