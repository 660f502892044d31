/** An in-memory GitHub behind msw: REST and GraphQL handlers answering with bodies shaped like GitHub's, and a request log. */
import { createHash } from "node:crypto";
import { type GraphQLHandler, graphql, type HttpHandler, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";

export const API = "https://api.github.test";
const WEB = "https://github.test";

export interface FakeCommit {
  oid: string;
  committedDate: string;
  message: string;
  author: string;
  additions: number;
  deletions: number;
  parents?: number;
}
export interface FakeRepo {
  commits: FakeCommit[];
  files: Record<string, string>;
  openIssues?: number;
  openPullRequests?: number;
  /** GraphQL answers FORBIDDEN for it. */
  forbidden?: boolean;
  /** The tree endpoint answers 404 (e.g. access removed between calls). */
  treeMissing?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** GraphQL operation name. */
  op?: string;
  /** REST POST/PATCH/PUT/DELETE or a GraphQL mutation. */
  write: boolean;
  body?: unknown;
}

/** A timeline event a person (or the bot) caused: what the acknowledgement query reads. */
export interface FakeEvent {
  type: "labeled" | "closed";
  actor: string;
  at: string;
  label?: string;
  stateReason?: "COMPLETED" | "NOT_PLANNED";
}

export interface FakeIssue {
  number: number;
  node_id: string;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  comments: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  events?: FakeEvent[];
}

export interface FakeProject {
  owner: string;
  number: number;
  id: string;
  title: string;
  statusFieldId: string;
  options: { id: string; name: string }[];
  /** content node id → item */
  items: Map<string, { id: string; optionId: string | null }>;
  /** "forbidden": answers like GITHUB_TOKEN does. */
  access: "ok" | "forbidden";
  /** Project status updates, newest first. */
  statusUpdates: { id: string; status: string; body: string }[];
}

type Fault = { method: string; path: RegExp; times: number; after: number; respond: () => Response };

const sha = (s: string) => createHash("sha1").update(s).digest("hex");
/** A label's GraphQL node id: stable per name, as GitHub's are per label. */
export const labelNodeId = (name: string) => `LA_kwDOFake${sha(name.toLowerCase()).slice(0, 12)}`;
export const REPOSITORY_NODE_ID = "R_kgDOFakeBoard";
const NOW = "2026-11-30T08:00:00Z";

const user = {
  login: "exec-reports-bot",
  id: 1001,
  node_id: "U_kgDOAAAD6Q",
  type: "User",
  site_admin: false,
  html_url: `${WEB}/exec-reports-bot`,
  url: `${API}/users/exec-reports-bot`,
};

export class FakeGitHub {
  repos = new Map<string, FakeRepo>();
  issues: FakeIssue[] = [];
  labels = new Map<string, { name: string; color: string; description: string }>();
  project: FakeProject | undefined;
  log: LoggedRequest[] = [];
  /** GitHub caps per_page at 100; a test may lower it to exercise pagination cheaply. */
  maxPerPage = 100;
  private faults: Fault[] = [];
  readonly server: ReturnType<typeof setupServer>;

  constructor(readonly boardRepo = "example-org/ops") {
    this.server = setupServer(...this.handlers());
  }

  start(): void {
    this.server.listen({ onUnhandledRequest: "error" });
  }
  stop(): void {
    this.server.close();
  }

  /**
   * The next `times` requests matching method and path (GraphQL: "/graphql#Operation") get `respond()` instead of the
   * normal answer, once `after` matching requests have been answered normally.
   */
  fail(method: string, path: RegExp, respond: () => Response, times = 1, after = 0): void {
    this.faults.push({ method, path, times, after, respond });
  }

  writes(): LoggedRequest[] {
    return this.log.filter((r) => r.write);
  }
  graphqlOps(op?: string): LoggedRequest[] {
    return this.log.filter((r) => r.path === "/graphql" && (!op || r.op === op));
  }

  addProject(p: Partial<FakeProject> & { owner: string; number: number }): FakeProject {
    this.project = {
      id: "PVT_kwDOBQfyNs4AdKyz",
      title: "Exec actions",
      statusFieldId: "PVTSSF_lADOBQfyNs4AdKyzzgTx3nE",
      options: [
        { id: "f75ad846", name: "Todo" },
        { id: "47fc9ee4", name: "In Progress" },
        { id: "98236657", name: "Done" },
      ],
      items: new Map(),
      access: "ok",
      ...p,
      statusUpdates: [],
    };
    return this.project;
  }

  optionName(id: string | null): string | null {
    return this.project?.options.find((o) => o.id === id)?.name ?? null;
  }

  private handlers(): (HttpHandler | GraphQLHandler)[] {
    const gh = graphql.link(`${API}/graphql`);
    return [
      // First: log every request and serve injected faults.
      http.all(`${API}/*`, async ({ request }) => {
        const url = new URL(request.url);
        const path = url.pathname;
        let op: string | undefined;
        let body: unknown;
        let write = !["GET", "HEAD"].includes(request.method);
        if (request.method !== "GET") {
          body = await request
            .clone()
            .json()
            .catch(() => undefined);
        }
        if (path === "/graphql") {
          const q = (body as { query?: string })?.query ?? "";
          op = /^\s*(query|mutation)\s+(\w+)/.exec(q)?.[2];
          write = /^\s*mutation\b/.test(q);
        }
        this.log.push({ method: request.method, path, ...(op ? { op } : {}), write, body });
        const f = this.faults.find((x) => x.times > 0 && x.method === request.method && x.path.test(path + (op ? `#${op}` : "")));
        if (f && f.after > 0) f.after--;
        else if (f) {
          f.times--;
          return f.respond();
        }
        return undefined;
      }),
      http.get(`${API}/repos/:owner/:repo/issues`, ({ request }) => this.listIssues(new URL(request.url))),
      http.post(`${API}/repos/:owner/:repo/issues`, async ({ request }) => {
        const b = (await request.json()) as { title: string; body: string; labels?: string[] };
        const n = this.issues.length + 1;
        const issue: FakeIssue = {
          number: n,
          node_id: `I_kwDOFake${n}`,
          title: b.title,
          body: b.body,
          state: "open",
          state_reason: null,
          labels: b.labels ?? [],
          comments: [],
          created_at: NOW,
          updated_at: NOW,
          closed_at: null,
        };
        for (const l of issue.labels)
          if (!this.labels.has(l.toLowerCase())) this.labels.set(l.toLowerCase(), { name: l, color: "ededed", description: "" });
        this.issues.push(issue);
        return HttpResponse.json(this.issueJson(issue), { status: 201 });
      }),
      http.patch(`${API}/repos/:owner/:repo/issues/:number`, async ({ request, params }) => {
        const issue = this.issues.find((i) => i.number === Number(params.number));
        if (!issue)
          return HttpResponse.json(
            { message: "Not Found", documentation_url: "https://docs.github.com/rest/issues/issues#update-an-issue", status: "404" },
            { status: 404 },
          );
        const b = (await request.json()) as Partial<{
          title: string;
          body: string;
          labels: string[];
          state: "open" | "closed";
          state_reason: string;
        }>;
        if (b.title !== undefined) issue.title = b.title;
        if (b.body !== undefined) issue.body = b.body;
        if (b.labels !== undefined) issue.labels = b.labels;
        if (b.state) {
          issue.state = b.state;
          issue.closed_at = b.state === "closed" ? NOW : null;
          issue.state_reason = b.state === "closed" ? (b.state_reason ?? "completed") : "reopened";
        }
        issue.updated_at = NOW;
        return HttpResponse.json(this.issueJson(issue));
      }),
      http.post(`${API}/repos/:owner/:repo/issues/:number/comments`, async ({ request, params }) => {
        const issue = this.issues.find((i) => i.number === Number(params.number))!;
        const b = (await request.json()) as { body: string };
        issue.comments.push(b.body);
        const id = 9000 + issue.comments.length;
        return HttpResponse.json(
          {
            id,
            node_id: `IC_kwDOFake${id}`,
            url: `${API}/repos/${this.boardRepo}/issues/comments/${id}`,
            html_url: `${WEB}/${this.boardRepo}/issues/${issue.number}#issuecomment-${id}`,
            body: b.body,
            user,
            created_at: NOW,
            updated_at: NOW,
            issue_url: `${API}/repos/${this.boardRepo}/issues/${issue.number}`,
            author_association: "NONE",
          },
          { status: 201 },
        );
      }),
      http.get(`${API}/repos/:owner/:repo/labels/:name`, ({ params }) => {
        const l = this.labels.get(decodeURIComponent(String(params.name)).toLowerCase());
        if (!l)
          return HttpResponse.json(
            { message: "Not Found", documentation_url: "https://docs.github.com/rest/issues/labels#get-a-label", status: "404" },
            { status: 404 },
          );
        return HttpResponse.json({
          id: 7000,
          node_id: labelNodeId(l.name),
          name: l.name,
          color: l.color,
          default: false,
          description: l.description,
        });
      }),
      http.get(`${API}/repos/:owner/:repo/labels`, ({ request }) =>
        this.page(
          new URL(request.url),
          [...this.labels.values()].map((l, i) => ({
            id: 7000 + i,
            node_id: labelNodeId(l.name),
            url: `${API}/repos/${this.boardRepo}/labels/${encodeURIComponent(l.name)}`,
            name: l.name,
            color: l.color,
            default: false,
            description: l.description,
          })),
        ),
      ),
      http.post(`${API}/repos/:owner/:repo/labels`, async ({ request }) => {
        const b = (await request.json()) as { name: string; color: string; description?: string };
        if (this.labels.has(b.name.toLowerCase()))
          return HttpResponse.json(
            {
              message: "Validation Failed",
              errors: [{ resource: "Label", code: "already_exists", field: "name" }],
              documentation_url: "https://docs.github.com/rest/issues/labels#create-a-label",
              status: "422",
            },
            { status: 422 },
          );
        this.labels.set(b.name.toLowerCase(), { name: b.name, color: b.color, description: b.description ?? "" });
        return HttpResponse.json(
          {
            id: 7999,
            node_id: labelNodeId(b.name),
            url: `${API}/repos/${this.boardRepo}/labels/${encodeURIComponent(b.name)}`,
            name: b.name,
            color: b.color,
            default: false,
            description: b.description ?? null,
          },
          { status: 201 },
        );
      }),
      http.get(`${API}/repos/:owner/:repo/git/trees/:sha`, ({ params }) => {
        const key = `${params.owner}/${params.repo}`;
        const repo = this.repos.get(key);
        if (!repo || repo.treeMissing)
          return HttpResponse.json(
            { message: "Not Found", documentation_url: "https://docs.github.com/rest/git/trees#get-a-tree", status: "404" },
            { status: 404 },
          );
        const tree = Object.entries(repo.files).map(([path, text]) => ({
          path,
          mode: "100644",
          type: "blob",
          sha: sha(text),
          size: Buffer.byteLength(text),
          url: `${API}/repos/${key}/git/blobs/${sha(text)}`,
        }));
        return HttpResponse.json({ sha: String(params.sha), url: `${API}/repos/${key}/git/trees/${params.sha}`, tree, truncated: false });
      }),
      gh.query("RepoHistory", ({ variables }) => this.history(variables)),
      gh.query("RepoBlobs", ({ variables }) => this.blobs(variables)),
      gh.query("ProjectFields", ({ variables }) => this.projectFields(variables)),
      gh.query("ProjectItems", ({ variables }) => this.projectItems(variables)),
      gh.mutation("AddProjectItem", ({ variables }) => this.addItem(variables)),
      gh.mutation("SetProjectStatus", ({ variables }) => this.setStatus(variables)),
      gh.query("BoardRepository", () => HttpResponse.json({ data: { repository: { id: REPOSITORY_NODE_ID } } })),
      gh.mutation("CreateCard", ({ variables }) => this.createCard(variables)),
      gh.mutation("AddProjectItems", ({ variables }) => this.batch(variables, "c", "a", (v) => this.addItem(v, true))),
      gh.mutation("SetProjectStatuses", ({ variables }) => this.batch(variables, "i", "s", (v) => this.setStatus(v, true))),
      gh.query("CardAcknowledgements", ({ variables }) => this.acknowledgements(variables)),
      gh.query("ProjectStatusUpdates", ({ variables }) => {
        const p = this.project;
        if (!p || p.access === "forbidden" || variables.login !== p.owner || variables.number !== p.number)
          return HttpResponse.json({
            data: { repositoryOwner: null },
            errors: [{ type: "NOT_FOUND", message: "Could not resolve to a ProjectV2" } as never],
          });
        return HttpResponse.json({
          data: { repositoryOwner: { projectV2: { id: p.id, title: p.title, statusUpdates: { nodes: p.statusUpdates.slice(0, 20) } } } },
        });
      }),
      gh.mutation("CreateProjectStatusUpdate", ({ variables }) => {
        const u = {
          id: `PVTSU_fake${this.project!.statusUpdates.length + 1}`,
          status: String(variables.status),
          body: String(variables.body),
        };
        this.project!.statusUpdates.unshift(u);
        return HttpResponse.json({ data: { createProjectV2StatusUpdate: { statusUpdate: { id: u.id } } } });
      }),
      gh.mutation("UpdateProjectStatusUpdate", ({ variables }) => {
        const u = this.project!.statusUpdates.find((x) => x.id === variables.id)!;
        Object.assign(u, { status: String(variables.status), body: String(variables.body) });
        return HttpResponse.json({ data: { updateProjectV2StatusUpdate: { statusUpdate: { id: u.id } } } });
      }),
    ];
  }

  issueJson(i: FakeIssue): Record<string, unknown> {
    const base = `${API}/repos/${this.boardRepo}/issues/${i.number}`;
    return {
      url: base,
      repository_url: `${API}/repos/${this.boardRepo}`,
      labels_url: `${base}/labels{/name}`,
      comments_url: `${base}/comments`,
      events_url: `${base}/events`,
      html_url: `${WEB}/${this.boardRepo}/issues/${i.number}`,
      id: 5_000_000 + i.number,
      node_id: i.node_id,
      number: i.number,
      title: i.title,
      user,
      labels: i.labels.map((name, k) => ({
        id: 7000 + k,
        node_id: `LA_kwDOFake${k}`,
        url: `${API}/repos/${this.boardRepo}/labels/${encodeURIComponent(name)}`,
        name,
        color: this.labels.get(name.toLowerCase())?.color ?? "ededed",
        default: false,
        description: null,
      })),
      state: i.state,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: i.comments.length,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at,
      author_association: "NONE",
      active_lock_reason: null,
      body: i.body,
      state_reason: i.state_reason,
    };
  }

  /** One page of a REST list, with GitHub's Link header (next/last, first/prev). */
  page(url: URL, all: unknown[]): Response {
    const per = Math.min(Number(url.searchParams.get("per_page") ?? 30), this.maxPerPage);
    const page = Number(url.searchParams.get("page") ?? 1);
    const last = Math.max(1, Math.ceil(all.length / per));
    const link = (p: number) => {
      const u = new URL(url);
      u.searchParams.set("page", String(p));
      return u.toString();
    };
    const rels = [
      ...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []),
      ...(page > 1 ? [`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`] : []),
    ];
    return HttpResponse.json(all.slice((page - 1) * per, page * per), { headers: rels.length ? { link: rels.join(", ") } : {} });
  }

  private listIssues(url: URL): Response {
    const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
    const state = url.searchParams.get("state") ?? "open";
    const list = this.issues
      .filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number)
      .map((i) => this.issueJson(i));
    return this.page(url, list);
  }

  private history(v: Record<string, unknown>): Response {
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    const since = Date.parse(String(v.since));
    const until = Date.parse(String(v.until));
    for (let i = 0; `o${i}` in v; i++) {
      const key = `${v[`o${i}`]}/${v[`n${i}`]}`;
      const repo = this.repos.get(key);
      if (!repo || repo.forbidden) {
        data[`r${i}`] = null;
        errors.push(
          repo
            ? {
                type: "FORBIDDEN",
                path: [`r${i}`],
                extensions: { saml_failure: false },
                locations: [{ line: 2, column: 3 }],
                message: "Resource not accessible by integration",
              }
            : {
                type: "NOT_FOUND",
                path: [`r${i}`],
                locations: [{ line: 2, column: 3 }],
                message: `Could not resolve to a Repository with the name '${key}'.`,
              },
        );
        continue;
      }
      // GitHub's since/until are inclusive; newest first.
      const inRange = repo.commits
        .filter((c) => Date.parse(c.committedDate) >= since && Date.parse(c.committedDate) <= until)
        .sort((a, b) => b.committedDate.localeCompare(a.committedDate));
      const after = v[`c${i}`]
        ? Number(
            Buffer.from(String(v[`c${i}`]), "base64")
              .toString()
              .split(" ")[1],
          ) + 1
        : 0;
      const nodes = inRange.slice(after, after + 100);
      const end = after + nodes.length - 1;
      data[`r${i}`] = {
        nameWithOwner: key,
        issues: { totalCount: repo.openIssues ?? 0 },
        pullRequests: { totalCount: repo.openPullRequests ?? 0 },
        defaultBranchRef: {
          name: "main",
          target: {
            tree: { oid: sha(`tree ${key}`) },
            history: {
              pageInfo: {
                hasNextPage: end < inRange.length - 1,
                endCursor: nodes.length ? Buffer.from(`${repo.commits[0]?.oid ?? "x"} ${end}`).toString("base64") : null,
              },
              nodes: nodes.map((c) => ({
                oid: c.oid,
                committedDate: c.committedDate,
                message: c.message,
                additions: c.additions,
                deletions: c.deletions,
                parents: { totalCount: c.parents ?? 1 },
                author: {
                  name: c.author,
                  email: `${c.author.toLowerCase().replace(/\s+/g, ".")}@users.noreply.example`,
                  user: { login: c.author.toLowerCase().replace(/\s+/g, "-") },
                },
              })),
            },
          },
        },
      };
    }
    return HttpResponse.json(errors.length ? { data, errors } : { data });
  }

  private blobs(v: Record<string, unknown>): Response {
    const repo = this.repos.get(`${v.owner}/${v.name}`);
    const byOid = new Map(Object.values(repo?.files ?? {}).map((t) => [sha(t), t]));
    const out: Record<string, unknown> = {};
    for (let i = 0; `x${i}` in v; i++) {
      const text = byOid.get(String(v[`x${i}`]));
      out[`f${i}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false };
    }
    return HttpResponse.json({ data: { repository: repo ? out : null } });
  }

  private forbidden(field: string): Response {
    return HttpResponse.json({
      data: { [field]: null },
      errors: [
        {
          type: "FORBIDDEN",
          path: [field],
          extensions: { saml_failure: false },
          locations: [{ line: 2, column: 3 }],
          message: "Resource not accessible by integration",
        },
      ],
    });
  }

  private projectFields(v: Record<string, unknown>): Response {
    const p = this.project;
    if (p?.access === "forbidden") return this.forbidden("repositoryOwner");
    if (!p || p.owner !== v.login) return HttpResponse.json({ data: { repositoryOwner: p ? null : { projectV2: null } } });
    if (p.number !== v.number)
      return HttpResponse.json({
        data: { repositoryOwner: { projectV2: null } },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["repositoryOwner", "projectV2"],
            message: `Could not resolve to a ProjectV2 with the number ${v.number}.`,
          },
        ],
      });
    return HttpResponse.json({
      data: {
        repositoryOwner: { projectV2: { id: p.id, title: p.title, field: { id: p.statusFieldId, name: "Status", options: p.options } } },
      },
    });
  }

  private projectItems(v: Record<string, unknown>): Response {
    const p = this.project!;
    const nodes = (v.ids as string[]).map((id) => {
      const it = p.items.get(id);
      const opt = p.options.find((o) => o.id === it?.optionId);
      return {
        id,
        projectItems: {
          nodes: it ? [{ id: it.id, project: { id: p.id }, fieldValueByName: opt ? { optionId: opt.id, name: opt.name } : null }] : [],
        },
      };
    });
    return HttpResponse.json({ data: { nodes } });
  }

  private addItem(v: Record<string, unknown>, raw?: false): Response;
  private addItem(v: Record<string, unknown>, raw: true): unknown;
  private addItem(v: Record<string, unknown>, raw = false): Response | unknown {
    const p = this.project!;
    const content = String(v.content);
    let it = p.items.get(content);
    if (!it) {
      it = { id: `PVTI_lADOFake${p.items.size + 1}`, optionId: null };
      p.items.set(content, it);
    }
    const data = { item: { id: it.id } };
    return raw ? data : HttpResponse.json({ data: { addProjectV2ItemById: data } });
  }

  private setStatus(v: Record<string, unknown>, raw?: false): Response;
  private setStatus(v: Record<string, unknown>, raw: true): unknown;
  private setStatus(v: Record<string, unknown>, raw = false): Response | unknown {
    const p = this.project!;
    const it = [...p.items.values()].find((x) => x.id === v.item);
    if (!it || v.field !== p.statusFieldId || !p.options.some((o) => o.id === v.option)) {
      if (raw) throw new Error("Could not resolve to a node with the global id");
      return HttpResponse.json({
        data: { updateProjectV2ItemFieldValue: null },
        errors: [{ type: "NOT_FOUND", path: ["updateProjectV2ItemFieldValue"], message: "Could not resolve to a node with the global id" }],
      });
    }
    it.optionId = String(v.option);
    const data = { projectV2Item: { id: it.id } };
    return raw ? data : HttpResponse.json({ data: { updateProjectV2ItemFieldValue: data } });
  }

  /** An aliased batch (a0…, s0…): each alias answered by `one` with its own variables, as GitHub runs them in order. */
  private batch(
    v: Record<string, unknown>,
    varPrefix: "c" | "i",
    alias: "a" | "s",
    one: (x: Record<string, unknown>) => unknown,
  ): Response {
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    for (let k = 0; `${varPrefix}${k}` in v; k++) {
      const x =
        varPrefix === "c"
          ? { project: v.project, content: v[`c${k}`] }
          : { project: v.project, item: v[`i${k}`], field: v.field, option: v[`o${k}`] };
      try {
        data[`${alias}${k}`] = one(x);
      } catch (e) {
        data[`${alias}${k}`] = null;
        errors.push({ type: "NOT_FOUND", path: [`${alias}${k}`], message: (e as Error).message });
      }
    }
    return HttpResponse.json(errors.length ? { data, errors } : { data });
  }

  /** createIssue with label ids and project ids, as GitHub's GraphQL API takes them. */
  private createCard(v: Record<string, unknown>): Response {
    const input = v.input as { repositoryId: string; title: string; body?: string; labelIds?: string[]; projectV2Ids?: string[] };
    const unknown = (input.labelIds ?? []).find((id) => ![...this.labels.values()].some((l) => labelNodeId(l.name) === id));
    if (input.repositoryId !== REPOSITORY_NODE_ID || unknown)
      return HttpResponse.json({
        data: { createIssue: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["createIssue"],
            message: `Could not resolve to a node with the global id of '${unknown ?? input.repositoryId}'`,
          },
        ],
      });
    const n = this.issues.length + 1;
    const labels = (input.labelIds ?? []).map((id) => [...this.labels.values()].find((l) => labelNodeId(l.name) === id)!.name);
    const issue: FakeIssue = {
      number: n,
      node_id: `I_kwDOFake${n}`,
      title: input.title,
      body: input.body ?? "",
      state: "open",
      state_reason: null,
      labels,
      comments: [],
      created_at: NOW,
      updated_at: NOW,
      closed_at: null,
    };
    this.issues.push(issue);
    const items: { id: string; project: { id: string } }[] = [];
    for (const pid of input.projectV2Ids ?? []) {
      if (this.project?.id !== pid || this.project.access !== "ok") continue;
      const it = { id: `PVTI_lADOFake${this.project.items.size + 1}`, optionId: null };
      this.project.items.set(issue.node_id, it);
      items.push({ id: it.id, project: { id: pid } });
    }
    return HttpResponse.json({
      data: {
        createIssue: {
          issue: {
            id: issue.node_id,
            number: n,
            url: `${WEB}/${this.boardRepo}/issues/${n}`,
            title: issue.title,
            body: issue.body,
            state: "OPEN",
            labels: { nodes: labels.map((name) => ({ name })) },
            projectItems: { nodes: items },
          },
        },
      },
    });
  }

  private acknowledgements(v: Record<string, unknown>): Response {
    const nodes = (v.ids as string[]).map((id) => {
      const i = this.issues.find((x) => x.node_id === id);
      if (!i) return null;
      return {
        id,
        timelineItems: {
          nodes: (i.events ?? []).map((e) =>
            e.type === "labeled"
              ? { __typename: "LabeledEvent", createdAt: e.at, actor: { login: e.actor }, label: { name: e.label } }
              : { __typename: "ClosedEvent", createdAt: e.at, actor: { login: e.actor }, stateReason: e.stateReason ?? "COMPLETED" },
          ),
        },
      };
    });
    return HttpResponse.json({ data: { nodes } });
  }
}

/** Commits spread evenly through [start, end). */
export function makeCommits(n: number, start: string, end: string, prefix = "c"): FakeCommit[] {
  const a = Date.parse(start);
  const step = (Date.parse(end) - a) / n;
  return Array.from({ length: n }, (_, i) => ({
    oid: sha(`${prefix}-${i}`),
    committedDate: new Date(a + Math.floor(i * step)).toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: `change ${i}`,
    author: i % 3 === 0 ? "Ada Lovelace" : "Grace Hopper",
    additions: 10 + (i % 7),
    deletions: i % 5,
  }));
}

/** Secondary rate limit, as GitHub sends it (403 + retry-after). */
export function secondaryRateLimit(retryAfter = 1): Response {
  return HttpResponse.json(
    {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000:0000:00000000.",
      documentation_url:
        "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: "403",
    },
    {
      status: 403,
      headers: {
        "retry-after": String(retryAfter),
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4990",
        "x-ratelimit-resource": "core",
      },
    },
  );
}

export function badGateway(): Response {
  return HttpResponse.json({ message: "Server Error" }, { status: 502 });
}
