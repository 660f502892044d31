/**
 * Lower bounds for the bench workload: the fewest requests each service needs, and the fewest sequential round trips
 * (the critical path) a run needs, given the API limits the design must respect. Each bound carries its formula.
 */
import { MAX_QUERIES_PER_CALL } from "../../src/collect/sources/cloudwatch.js";

/** GraphQL history: 100 commits a page, 10 repositories a query (design: keeps a page inside GitHub's node limits). */
export const COMMITS_PER_PAGE = 100;
export const REPOS_PER_QUERY = 10;
/** Blob texts a GraphQL query (src/github/blobs.ts). */
export const BLOBS_PER_QUERY = 50;
const DDB_PAGE_BYTES = 1024 * 1024;
/** Status values set in one request (aliased mutations, src/board/projects.ts). */
export const STATUS_PER_REQUEST = 20;

export interface BoundInputs {
  /** Commits in the period per repository. */
  commits: number[];
  /** Files whose contents are read per repository (workflows + secret-scan candidates). */
  scanned: number[];
  /** Bytes of the items each business Query returns (one Query per mapped entity). */
  queryBytes: number[];
  metricQueries: { regional: number; usEast1: number };
  roles: number;
  /** SES messages per role (⌈recipients / 50⌉). */
  messagesPerRole: number[];
  /** Board work of the run: cards created, labels created, cards closed. */
  cards: number;
  labels: number;
  closed: number;
  /** Project status updates posted (one a run with a project): a read of the project's updates, then one mutation. */
  projectStatus: number;
}

export interface Bound {
  value: number;
  formula: string;
}

export interface Bounds {
  requests: Record<"github" | "dynamodb" | "ses" | "cloudwatch", Bound> & { githubWrites: Bound };
  roundTrips: Bound & { parts: Record<string, Bound> };
}

const ceil = Math.ceil;

export function lowerBounds(w: BoundInputs): Bounds {
  const R = w.commits.length;
  const pages = w.commits.map((c) => Math.max(1, ceil(c / COMMITS_PER_PAGE)));
  const maxPages = Math.max(...pages);
  // Round k re-queries only the repositories with a k-th page, 10 to a query.
  let history = 0;
  for (let k = 1; k <= maxPages; k++) history += ceil(pages.filter((p) => p >= k).length / REPOS_PER_QUERY);
  const blobBatches = w.scanned.map((s) => ceil(s / BLOBS_PER_QUERY));
  const blobs = blobBatches.reduce((a, b) => a + b, 0);
  const maxBlob = Math.max(0, ...blobBatches);
  const C = w.cards;
  // One createIssue per card (labels and project given in it), labels once, Status 20 items to a request.
  const statusRequests = ceil(C / STATUS_PER_REQUEST);
  const writes = w.labels + C + statusRequests + 2 * w.closed + w.projectStatus;
  // Issues, labels, repository id and project fields, read together.
  const boardReads = 1 + 1 + 1 + 1 + w.projectStatus;
  const ghTotal = history + R + blobs + boardReads + writes;

  const ddbPages = w.queryBytes.map((b) => Math.max(1, ceil(b / DDB_PAGE_BYTES)));
  const ddbQueries = ddbPages.reduce((a, b) => a + b, 0);
  const ddbTotal = ddbQueries + 4 * w.roles;
  const ses = w.messagesPerRole.reduce((a, b) => a + b, 0);
  const cwCalls = (n: number) => (n ? ceil(n / MAX_QUERIES_PER_CALL) : 0);
  const cw = cwCalls(w.metricQueries.regional) + cwCalls(w.metricQueries.usEast1);

  const gitPath = Math.max(maxPages, 2 + maxBlob);
  const ddbPath = Math.max(...ddbPages, 1);
  const collect = Math.max(gitPath, ddbPath, 1);
  // The labels are created from the board's listing on, while the sources are read: the first card waits for both.
  const beforeCards = Math.max(collect, 1 + w.labels);
  const board = beforeCards + (writes - w.labels);
  // After the last card: the email, the progress write that records who has it (a run killed then resends to nobody),
  // the outcome; then the project's status update reads its earlier updates (its write is among the serial writes).
  // The claim needs no confirmation here: the heartbeat keeps it fresh (a run under half a lease sends without one).
  const tail = 3 + w.projectStatus;
  return {
    requests: {
      github: {
        value: ghTotal,
        formula: `history Σₖ⌈repos with ≥k pages/${REPOS_PER_QUERY}⌉ = ${history} (pages = ⌈commits/${COMMITS_PER_PAGE}⌉ per repo, max ${maxPages}; ⌈${R}/${REPOS_PER_QUERY}⌉×${maxPages} = ${ceil(R / REPOS_PER_QUERY) * maxPages} if every repo had ${maxPages}) + trees ${R} (one recursive tree per repo) + blobs Σ⌈scanned/${BLOBS_PER_QUERY}⌉ = ${blobs} + board reads ${boardReads} (issues, labels, repository id, project fields; new items come back from createIssue, no lookup) + writes ${writes} = ${ghTotal}`,
      },
      githubWrites: {
        value: writes,
        formula: `labels created ${w.labels} + cards created ${C} (one createIssue each, with label ids and projectV2Ids) + ⌈Status updates ${C} ÷ ${STATUS_PER_REQUEST}⌉ = ${statusRequests}${w.closed ? ` + (comment + close) 2×${w.closed}` : ""} = ${writes}; GitHub wants mutations one at a time, so each request waits for the last`,
      },
      dynamodb: {
        value: ddbTotal,
        formula: `business Query pages Σ⌈bytes/1 MB⌉ over ${w.queryBytes.length} mapped entities = ${ddbQueries} + audit 4 per role × ${w.roles} (KPI history read, conditional claim, one outcome write, one KPI history write) = ${ddbTotal}`,
      },
      ses: { value: ses, formula: `Σ⌈recipients/50⌉ over ${w.roles} roles = ${ses}` },
      cloudwatch: {
        value: cw,
        formula: `⌈${w.metricQueries.regional}/${MAX_QUERIES_PER_CALL}⌉ regional + ⌈${w.metricQueries.usEast1}/${MAX_QUERIES_PER_CALL}⌉ us-east-1 (billing, CloudFront) GetMetricData = ${cw}`,
      },
    },
    roundTrips: {
      value: board + tail,
      formula: `max(collect max(git, dynamodb, cloudwatch) = ${collect}, board listing 1 + ${w.labels} labels created meanwhile) = ${beforeCards} + the other ${writes - w.labels} serial writes = ${board} + tail (send, progress, record${w.projectStatus ? ", status-update read" : ""}) ${tail} = ${board + tail}`,
      parts: {
        collect: {
          value: collect,
          formula: `git max(history pages ${maxPages}, page 1 → tree → ${maxBlob} blob batch(es) = ${2 + maxBlob}) = ${gitPath}; dynamodb ${ddbPath} page(s); cloudwatch 1`,
        },
        board: {
          value: board,
          formula: `listing (issues ∥ labels ∥ repository ∥ project fields) 1, then ${writes} writes, serial by GitHub's rule; the ${w.labels} label writes overlap the collection, the cards wait for it`,
        },
        tail: {
          value: tail,
          formula:
            "after the last card: SendRawEmail, the progress write (who has it), the audit outcome write, and the status update's read of earlier updates",
        },
      },
    },
  };
}
