/** The bench's lower bounds follow their formulas (GitHub history pages, blobs, writes; DynamoDB pages; round trips). */
import { describe, expect, it } from "vitest";
import { lowerBounds } from "../../scripts/bench/bounds.js";

const base = {
  scanned: [12, 60, 0],
  queryBytes: [30_000, 2_500_000],
  metricQueries: { regional: 620, usEast1: 30 },
  roles: 5,
  messagesPerRole: [1, 1, 2, 1, 1],
  cards: 10,
  labels: 4,
  closed: 0,
  projectStatus: 0,
};

describe("bench lower bounds", () => {
  it("counts history pages round by round, ten repositories a query", () => {
    // 25 repositories: 12 with one page, 11 with two, 2 with three → rounds of 25, 13 and 2 repositories → 3 + 2 + 1 queries.
    const commits = [...Array(12).fill(40), ...Array(11).fill(150), 250, 300];
    const b = lowerBounds({ ...base, commits, scanned: Array(25).fill(10) });
    expect(b.requests.github.formula).toContain("= 6 (pages");
    // Labels 4 + one request per card 10 + ⌈10 Status updates ÷ 20⌉ = 1.
    expect(b.requests.githubWrites.value).toBe(4 + 10 + 1);
    expect(b.requests.github.value).toBe(6 + 25 + 25 + 4 + 15);
  });

  it("DynamoDB pages by bytes, SES by recipients, CloudWatch by 500 queries, and the round-trip chain", () => {
    const b = lowerBounds({ ...base, commits: [10, 120, 0] });
    // Business pages 1 + 3; audit per role: KPI read, claim, outcome, KPI write.
    expect(b.requests.dynamodb.value).toBe(1 + 3 + 4 * 5);
    expect(b.requests.ses.value).toBe(6);
    expect(b.requests.cloudwatch.value).toBe(2 + 1);
    // collect: max(git max(2 pages, 2 + 2 blob batches), dynamodb 3 pages) = 4; the 4 labels follow the listing meanwhile
    // (1 + 4 = 5); then the other 11 writes; tail 3 (send, progress, record).
    expect(b.roundTrips.parts.collect!.value).toBe(4);
    expect(b.roundTrips.value).toBe(Math.max(4, 1 + 4) + 11 + 3);
    // With few labels the collection is the longer wait.
    expect(lowerBounds({ ...base, commits: [10, 120, 0], labels: 1 }).roundTrips.value).toBe(Math.max(4, 1 + 1) + 11 + 3);
  });
});
