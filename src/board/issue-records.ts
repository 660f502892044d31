/** GitHub issues as the board keeps them, and the GraphQL documents it sends. */

/** GitHub's cap on an issue body. */
const MAX_BODY = 65_536;

export interface IssueRecord {
  number: number;
  nodeId: string;
  url: string;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  /** The item on the configured project, when the issue was created with it. */
  itemId?: string;
}

export interface ApiIssue {
  number: number;
  node_id: string;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

export const CREATE_CARD = `mutation CreateCard($input: CreateIssueInput!) {
  createIssue(input: $input) {
    issue { id number url title body state labels(first: 100) { nodes { name } } projectItems(first: 20) { nodes { id project { id } } } }
  }
}`;

export const REPOSITORY = `query BoardRepository($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id } }`;

export interface CreatedIssue {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: string;
  labels: { nodes: { name: string }[] };
  projectItems?: { nodes: { id: string; project: { id: string } }[] } | null;
}

export function clampBody(body: string): string {
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 200)}\n\n…(truncated)` : body;
}

export function toRecord(i: ApiIssue): IssueRecord {
  return {
    number: i.number,
    nodeId: i.node_id,
    url: i.html_url,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
  };
}
