/** Projects (v2): every card on the configured project, its Status following the issue (open → Todo, closed → Done). */

import type { GitHubClient } from "../github/client.js";
import { describeGitHubError } from "../github/errors.js";
import { UserError } from "../shared/errors.js";

export interface ProjectRef {
  owner: string;
  number: number;
  /** Where a person finds it, for messages. */
  display: string;
}

/** Parses https://github.com/orgs/ORG/projects/N, https://github.com/users/NAME/projects/N, or OWNER/N. */
export function parseProjectRef(s: string): ProjectRef {
  const v = s.trim();
  const url = /^https?:\/\/[^/]+\/(?:orgs|users)\/([\w.-]+)\/projects\/(\d+)(?:[/?#].*)?$/.exec(v);
  const short = /^([\w.-]+)\/(\d+)$/.exec(v);
  const m = url ?? short;
  if (!m)
    throw new UserError(
      `project: "${s}" — expected a project URL such as https://github.com/orgs/ORG/projects/5 or https://github.com/users/NAME/projects/1, or OWNER/NUMBER`,
    );
  return { owner: m[1]!, number: Number(m[2]), display: url ? v : `${m[1]}/projects/${m[2]}` };
}

export interface ProjectCard {
  /** GraphQL node id of the issue. */
  nodeId: string;
  open: boolean;
  /** The card's item on this project, when known (an issue created with projectV2Ids): no lookup needed. */
  itemId?: string;
}

/** The token advice the run prints when Projects are out of reach (the README says the same). */
export const PROJECT_TOKEN_ADVICE =
  "the workflow's GITHUB_TOKEN cannot reach Projects v2: use a classic PAT with the `project` scope (user or org project) or a GitHub App installation token with the organization permission Projects: read and write";

const STATUS_FIELD = "Status";

const PROJECT_QUERY = `query ProjectFields($login: String!, $number: Int!) {
  repositoryOwner(login: $login) {
    ... on Organization { projectV2(number: $number) { ...projectFields } }
    ... on User { projectV2(number: $number) { ...projectFields } }
  }
}
fragment projectFields on ProjectV2 {
  id
  title
  field(name: "${STATUS_FIELD}") { ... on ProjectV2SingleSelectField { id name options { id name } } }
}`;

const ITEMS_QUERY = `query ProjectItems($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Issue {
      id
      projectItems(first: 50, includeArchived: true) {
        nodes { id project { id } fieldValueByName(name: "${STATUS_FIELD}") { ... on ProjectV2ItemFieldSingleSelectValue { optionId name } } }
      }
    }
  }
}`;

/** Mutations for several items share one request as aliases (GitHub counts each toward its limits, not the requests). */
export const BATCH = 20;

function addItems(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$c${i}: ID!`).join(", ");
  const body = Array.from(
    { length: n },
    (_, i) => `  a${i}: addProjectV2ItemById(input: { projectId: $project, contentId: $c${i} }) { item { id } }`,
  ).join("\n");
  return `mutation AddProjectItems($project: ID!, ${vars}) {\n${body}\n}`;
}

function setStatuses(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$i${i}: ID!, $o${i}: String!`).join(", ");
  const body = Array.from(
    { length: n },
    (_, i) =>
      `  s${i}: updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $i${i}, fieldId: $field, value: { singleSelectOptionId: $o${i} } }) { projectV2Item { id } }`,
  ).join("\n");
  return `mutation SetProjectStatuses($project: ID!, $field: ID!, ${vars}) {\n${body}\n}`;
}

interface Resolved {
  projectId: string;
  fieldId: string;
  todo: string;
  done: string;
}

interface FieldNode {
  id: string;
  name: string;
  options: { id: string; name: string }[];
}

interface ItemsNode {
  id: string;
  projectItems: { nodes: { id: string; project: { id: string }; fieldValueByName: { optionId: string; name: string } | null }[] };
}

export interface PlaceResult {
  added: number;
  statusSet: number;
  warnings: string[];
}

/** Places cards on one project. Field and option ids are resolved by name once per instance (one run). */
export class ProjectBoard {
  private resolved: Promise<Resolved> | undefined;
  private unavailable: string | undefined;
  private warned = false;
  /** item id → Status option id, queued until a batch of 20 is full or the last sync of the run flushes. */
  private readonly pending = new Map<string, string>();
  constructor(
    private readonly client: GitHubClient,
    readonly ref: ProjectRef,
  ) {}

  /** Starts resolving the project and its Status field; a failure is reported by the next place(). */
  prefetch(): void {
    if (this.resolved) return;
    this.resolved = this.resolve();
    this.resolved.catch(() => undefined);
  }

  /** The project's node id once resolved, for createIssue's projectV2Ids; undefined when the project is out of reach. */
  async projectId(): Promise<string | undefined> {
    if (this.unavailable) return undefined;
    try {
      return (await (this.resolved ??= this.resolve())).projectId;
    } catch {
      return undefined;
    }
  }

  /**
   * Adds missing items (20 a request) and queues the Status changes; `flushAll` false sends only full batches of 20 and
   * keeps the rest for the next place() (the board passes false while another sync is waiting, so a run's Status
   * updates go 20 to a request across roles). Never throws; at most one warning per run.
   */
  async place(cards: ProjectCard[], flushAll = true): Promise<PlaceResult> {
    const r: PlaceResult = { added: 0, statusSet: 0, warnings: [] };
    if (this.unavailable) return r;
    try {
      const p = await (this.resolved ??= this.resolve());
      if (cards.length) {
        const current = await this.items(
          cards.filter((c) => !c.itemId).map((c) => c.nodeId),
          p.projectId,
        );
        for (const c of cards) if (c.itemId) current.set(c.nodeId, { id: c.itemId, optionId: null });
        const missing = cards.filter((c) => !current.has(c.nodeId));
        for (let i = 0; i < missing.length; i += BATCH) {
          const part = missing.slice(i, i + BATCH);
          const d = await this.client.graphql<Record<string, { item: { id: string } }>>(addItems(part.length), {
            project: p.projectId,
            ...Object.fromEntries(part.map((c, k) => [`c${k}`, c.nodeId])),
            // addProjectV2ItemById returns the existing item when the issue is already on the project.
            request: { idempotent: true },
          });
          part.forEach((c, k) => current.set(c.nodeId, { id: d[`a${k}`]!.item.id, optionId: null }));
          r.added += part.length;
        }
        for (const c of cards) {
          const item = current.get(c.nodeId)!;
          const want = wantedStatus(c.open, item.optionId, p);
          if (want) this.pending.set(item.id, want);
        }
      }
      while (this.pending.size >= BATCH || (flushAll && this.pending.size > 0)) {
        const part = [...this.pending].slice(0, BATCH);
        await this.client.graphql(setStatuses(part.length), {
          project: p.projectId,
          field: p.fieldId,
          ...Object.fromEntries(
            part.flatMap(([item, option], k) => [
              [`i${k}`, item],
              [`o${k}`, option],
            ]),
          ),
          // Setting a field to a value twice leaves it at that value.
          request: { idempotent: true },
        });
        for (const [item] of part) this.pending.delete(item);
        r.statusSet += part.length;
      }
    } catch (e) {
      this.unavailable = e instanceof UserError ? e.message : describeGitHubError(e, "Projects API");
      this.pending.clear();
      if (!this.warned) {
        this.warned = true;
        r.warnings.push(
          `project ${this.ref.display}: ${this.unavailable}. Issues are filed but not placed on the project; ${PROJECT_TOKEN_ADVICE}.`,
        );
      }
    }
    return r;
  }

  /** Status changes queued by place() and not sent yet. */
  get pendingStatus(): number {
    return this.pending.size;
  }

  private async resolve(): Promise<Resolved> {
    const d = await this.client.graphql<{
      repositoryOwner: { projectV2?: { id: string; title: string; field: FieldNode | null } | null } | null;
    }>(PROJECT_QUERY, { login: this.ref.owner, number: this.ref.number });
    const proj = d.repositoryOwner?.projectV2;
    if (!d.repositoryOwner) throw new UserError(`no user or organization "${this.ref.owner}"`);
    if (!proj) throw new UserError(`project number ${this.ref.number} not found for ${this.ref.owner} (or the token cannot see it)`);
    const field = proj.field;
    if (!field?.options) throw new UserError(`project "${proj.title}" has no single-select field named ${STATUS_FIELD}`);
    const opt = (name: string) => field.options.find((o) => o.name.trim().toLowerCase() === name.toLowerCase())?.id;
    const todo = opt("Todo");
    const done = opt("Done");
    if (!todo || !done)
      throw new UserError(
        `project "${proj.title}": the ${STATUS_FIELD} field needs options Todo and Done (has ${field.options.map((o) => o.name).join(", ")})`,
      );
    return { projectId: proj.id, fieldId: field.id, todo, done };
  }

  private async items(ids: string[], projectId: string): Promise<Map<string, { id: string; optionId: string | null }>> {
    const out = new Map<string, { id: string; optionId: string | null }>();
    for (let i = 0; i < ids.length; i += 100) {
      const d = await this.client.graphql<{ nodes: (ItemsNode | null)[] }>(ITEMS_QUERY, { ids: ids.slice(i, i + 100) });
      for (const n of d.nodes) {
        const it = n?.projectItems?.nodes.find((x) => x.project.id === projectId);
        if (n && it) out.set(n.id, { id: it.id, optionId: it.fieldValueByName?.optionId ?? null });
      }
    }
    return out;
  }
}

/** Open cards go to Todo only when new, unset or Done (a person's "In progress" stays); closed cards go to Done. */
function wantedStatus(open: boolean, current: string | null, p: Resolved): string | null {
  if (!open) return current === p.done ? null : p.done;
  return current === null || current === p.done ? p.todo : null;
}
