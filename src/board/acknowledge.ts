/**
 * Acknowledged cards: a person labelled a card accepted-risk, or closed it as not planned. Who and when come from the
 * issue's timeline (one GraphQL query for up to 100 cards); the board never reopens such a card.
 */
import type { GitHubClient } from "../github/client.js";
import { ACCEPTED_RISK_LABEL, type Acknowledgement } from "./board.js";

export interface AckCandidate {
  fingerprint: string;
  nodeId: string;
  url: string;
  labels: string[];
  state: "open" | "closed";
  stateReason: string | null;
}

/** How a card was acknowledged, if it was. */
export function acknowledgedHow(c: Pick<AckCandidate, "labels" | "state" | "stateReason">): Acknowledgement["how"] | null {
  if (c.labels.some((l) => l.toLowerCase() === ACCEPTED_RISK_LABEL)) return "accepted-risk";
  if (c.state === "closed" && (c.stateReason ?? "").toLowerCase().replace(/_/g, "-") === "not-planned") return "not-planned";
  return null;
}

const TIMELINE = `query CardAcknowledgements($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Issue {
      id
      timelineItems(last: 25, itemTypes: [LABELED_EVENT, CLOSED_EVENT]) {
        nodes {
          __typename
          ... on LabeledEvent { createdAt actor { login } label { name } }
          ... on ClosedEvent { createdAt actor { login } stateReason }
        }
      }
    }
  }
}`;

interface TimelineNode {
  __typename: string;
  createdAt: string;
  actor: { login: string } | null;
  label?: { name: string };
  stateReason?: string | null;
}

/** Acknowledgements of the candidates, with who and when from the timeline; a failed read keeps them with by/at null. */
export async function readAcknowledgements(client: GitHubClient, cards: AckCandidate[]): Promise<Acknowledgement[]> {
  const acked = cards.flatMap((c) => {
    const how = acknowledgedHow(c);
    return how ? [{ c, how }] : [];
  });
  const out = new Map<string, Acknowledgement>(
    acked.map(({ c, how }) => [c.nodeId, { fingerprint: c.fingerprint, how, by: null, at: null, url: c.url }]),
  );
  for (let i = 0; i < acked.length; i += 100) {
    const ids = acked.slice(i, i + 100).map((x) => x.c.nodeId);
    try {
      const d = await client.graphql<{ nodes: ({ id: string; timelineItems: { nodes: TimelineNode[] } } | null)[] }>(TIMELINE, { ids });
      for (const n of d.nodes) {
        const a = n && out.get(n.id);
        if (!a) continue;
        // The latest event that did it: the accepted-risk label, or the close as not planned.
        const ev = [...n.timelineItems.nodes]
          .reverse()
          .find((e) =>
            a.how === "accepted-risk"
              ? e.__typename === "LabeledEvent" && e.label?.name.toLowerCase() === ACCEPTED_RISK_LABEL
              : e.__typename === "ClosedEvent" && (e.stateReason ?? "").toUpperCase() === "NOT_PLANNED",
          );
        if (ev) Object.assign(a, { by: ev.actor?.login ?? null, at: ev.createdAt });
      }
    } catch {
      // Who and when are a courtesy: the acknowledgement itself stands on the labels and state already read.
    }
  }
  return [...out.values()];
}
