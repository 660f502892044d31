import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { badGateway, FakeGitHub, makeCommits, secondaryRateLimit } from "../../scripts/dev/fake-github.js";
import { isPresent } from "../../src/collect/snapshot.js";
import { GitHubGitSource } from "../../src/collect/sources/github.js";
import type { RepoConfig } from "../../src/collect/sources/source.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { collectContext, testClient, WEEK } from "./helpers.js";

const gh = new FakeGitHub();
beforeAll(() => gh.start());
afterAll(() => gh.stop());
afterEach(() => {
  gh.repos.clear();
  gh.log = [];
});

const repo = (github: string, entity = "jada"): RepoConfig => ({ id: github.split("/")[1]!, entity, github });

describe("GitHub git source", () => {
  it("reads 5 repositories × 300 commits in the period in ≤ 5 GraphQL history requests, half-open window", async () => {
    const names = ["a", "b", "c", "d", "e"].map((x) => `example-org/repo-${x}`);
    for (const n of names) {
      const commits = makeCommits(300, WEEK.start, WEEK.end, n);
      // Boundaries: GitHub's until is inclusive, so a commit exactly at the end comes back and must be dropped.
      commits.push({
        oid: `${n}-at-end`.padEnd(40, "0"),
        committedDate: "2026-11-30T00:00:00Z",
        message: "next week",
        author: "X",
        additions: 1,
        deletions: 0,
      });
      commits.push({
        oid: `${n}-before`.padEnd(40, "0"),
        committedDate: "2026-11-22T23:59:59Z",
        message: "last week",
        author: "X",
        additions: 1,
        deletions: 0,
      });
      commits.push({
        oid: `${n}-merge`.padEnd(40, "0"),
        committedDate: "2026-11-25T12:00:00Z",
        message: "Merge pull request #7",
        author: "X",
        additions: 50,
        deletions: 5,
        parents: 2,
      });
      gh.repos.set(n, { commits, files: { "README.md": "# hi\n" }, openIssues: 4, openPullRequests: 2 });
    }
    const src = new GitHubGitSource({ client: testClient() });
    const facts = await src.repos(
      names.map((n) => repo(n)),
      collectContext(),
    );
    const history = gh.graphqlOps("RepoHistory");
    expect(history.length).toBeLessThanOrEqual(5);
    expect(history.length).toBe(4); // pages of 100, 100, 100, then the 301st (boundary) commit
    for (const n of names) {
      const f = facts[n]!;
      expect(isPresent(f)).toBe(true);
      if (!isPresent(f)) continue;
      expect(f.value.commits).toHaveLength(300);
      expect(f.value.commits.every((c) => c.date >= WEEK.start && c.date < WEEK.end)).toBe(true);
      expect(f.value.commits[0]).toMatchObject({
        author: expect.any(String),
        additions: expect.any(Number),
        deletions: expect.any(Number),
      });
      expect(f.value).toMatchObject({
        historyRead: true,
        contentScanned: true,
        openIssues: 4,
        openPullRequests: 2,
        trackedFiles: ["README.md"],
      });
    }
  });

  it("reads a repository's files once its first history page is in, while later pages are still being read", async () => {
    const names = ["example-org/busy-a", "example-org/busy-b"];
    for (const n of names)
      gh.repos.set(n, { commits: makeCommits(300, WEEK.start, WEEK.end, n), files: { "README.md": "# hi\n", ".env.example": "A=\n" } });
    const facts = await new GitHubGitSource({ client: testClient() }).repos(
      names.map((n) => repo(n)),
      collectContext(),
    );
    const ops = gh.log.map((x) => (x.path.includes("/git/trees/") ? "tree" : (x.op ?? x.path)));
    expect(ops.filter((o) => o === "RepoHistory")).toHaveLength(3);
    expect(ops.indexOf("tree")).toBeGreaterThan(ops.indexOf("RepoHistory"));
    expect(ops.indexOf("tree")).toBeLessThan(ops.lastIndexOf("RepoHistory"));
    for (const n of names) expect(isPresent(facts[n]!) && facts[n]!.value.commits.length).toBe(300);
  });

  it("a history page that fails after the files were started: every repository missing with the reason, nothing left running", async () => {
    const names = ["example-org/late-a", "example-org/late-b"];
    for (const n of names) gh.repos.set(n, { commits: makeCommits(250, WEEK.start, WEEK.end, n), files: { "README.md": "# hi\n" } });
    // Page 1 answers; page 2 is refused with an error for the whole query (not a per-repository one).
    gh.fail(
      "POST",
      /graphql#RepoHistory$/,
      () =>
        new Response(JSON.stringify({ data: null, errors: [{ type: "INTERNAL", message: "Timeout on validation of query" }] }), {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
      1,
      1,
    );
    const facts = await new GitHubGitSource({ client: testClient() }).repos(
      names.map((n) => repo(n)),
      collectContext(),
    );
    for (const n of names) {
      const f = facts[n]!;
      expect(isPresent(f)).toBe(false);
      expect("missing" in f && f.missing).toMatch(/history of example-org\/late-.*Timeout on validation of query/);
    }
    expect(gh.log.some((x) => x.path.includes("/git/trees/"))).toBe(true);
  });

  it("starts no file read after repos() has returned, even when one history query fails while another is in flight", async () => {
    const events: string[] = [];
    const node = (name: string) => ({
      nameWithOwner: `o/${name}`,
      issues: { totalCount: 0 },
      pullRequests: { totalCount: 0 },
      defaultBranchRef: {
        name: "main",
        target: { tree: { oid: "t" }, history: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } },
      },
    });
    const client = {
      graphql: async (_q: string, v: Record<string, string>) => {
        if (v.n0 === "a") throw new Error("HttpError: Bad gateway");
        await new Promise((r) => setTimeout(r, 50));
        return { r0: node(v.n0!) };
      },
      rest: {
        git: { getTree: async ({ repo }: { repo: string }) => (events.push(`getTree ${repo}`), { data: { truncated: false, tree: [] } }) },
      },
    };
    const src = new GitHubGitSource({ client: client as never, aliases: 1 });
    const facts = await src.repos(
      [
        { id: "a", github: "o/a", entity: "e" },
        { id: "b", github: "o/b", entity: "e" },
      ],
      collectContext(),
    );
    events.push("returned");
    await new Promise((r) => setTimeout(r, 150));
    expect(events.at(-1)).toBe("returned");
    expect(Object.values(facts).every((f) => !isPresent(f))).toBe(true);
  });

  it("marks a missing (404) or forbidden repository missing with the reason, and reads the others", async () => {
    gh.repos.set("example-org/good", {
      commits: makeCommits(3, WEEK.start, WEEK.end),
      files: { ".env": "A=1\n", ".github/dependabot.yml": "version: 2\n", ".github/workflows/ci.yml": "steps:\n  - run: npm audit\n" },
    });
    gh.repos.set("example-org/secret", { commits: [], files: {}, forbidden: true });
    gh.repos.set("example-org/gone-tree", { commits: [], files: {}, treeMissing: true });
    const log = memoryLogger();
    const facts = await new GitHubGitSource({ client: testClient() }).repos(
      [repo("example-org/good"), repo("example-org/nope"), repo("example-org/secret"), repo("example-org/gone-tree")],
      collectContext(log),
    );
    expect(isPresent(facts["example-org/good"])).toBe(true);
    const good = facts["example-org/good"]!;
    if (isPresent(good)) {
      expect(good.value.commits).toHaveLength(3);
      expect(good.value.trackedFiles).toContain(".env");
      expect(good.value.dependencyScanning).toEqual([".github/dependabot.yml", ".github/workflows/ci.yml"]);
    }
    expect(facts["example-org/nope"]).toMatchObject({ missing: expect.stringMatching(/NOT_FOUND: Could not resolve to a Repository/) });
    expect(facts["example-org/secret"]).toMatchObject({ missing: expect.stringMatching(/FORBIDDEN/) });
    expect(facts["example-org/gone-tree"]).toMatchObject({ missing: expect.stringMatching(/not found \(404\)/) });
  });

  it("finds a committed secret in file contents and never reports the value", async () => {
    const key = `sk_live_${randomBytes(18).toString("hex")}`;
    gh.repos.set("example-org/leaky", { commits: [], files: { "src/pay.js": `const stripe = "${key}";\n`, "logo.png": "binary" } });
    const facts = await new GitHubGitSource({ client: testClient() }).repos([repo("example-org/leaky")], collectContext());
    const f = facts["example-org/leaky"]!;
    expect(isPresent(f) && f.value.secrets).toEqual([
      { file: "src/pay.js", line: 1, rule: "exec-reports/stripe", masked: `sk_live_•••• (${key.length} chars)` },
    ]);
    expect(JSON.stringify(facts)).not.toContain(key);
    // Only the scan candidate's content was requested, in one query.
    expect(gh.graphqlOps("RepoBlobs")).toHaveLength(1);
    expect(JSON.stringify(gh.graphqlOps("RepoBlobs")[0]!.body)).not.toContain("logo.png");
  });

  it("retries a 502 and a secondary rate limit (retry-after), then succeeds", async () => {
    gh.repos.set("example-org/flaky", { commits: makeCommits(5, WEEK.start, WEEK.end), files: { "a.js": "1\n" } });
    gh.fail("POST", /^\/graphql#RepoHistory$/, badGateway);
    gh.fail("GET", /\/git\/trees\//, () => secondaryRateLimit(1));
    const log = memoryLogger();
    const facts = await new GitHubGitSource({ client: testClient(log) }).repos([repo("example-org/flaky")], collectContext(log));
    const f = facts["example-org/flaky"]!;
    expect(isPresent(f) && f.value.commits.length).toBe(5);
    expect(gh.graphqlOps("RepoHistory")).toHaveLength(2);
    expect(gh.log.filter((r) => r.path.includes("/git/trees/"))).toHaveLength(2);
    expect(log.lines.join("\n")).toMatch(/secondary rate limit/);
  });

  it("marks every repository missing when GitHub keeps failing, without throwing", async () => {
    gh.repos.set("example-org/down", { commits: [], files: {} });
    gh.fail("POST", /^\/graphql#RepoHistory$/, badGateway, 10);
    const facts = await new GitHubGitSource({ client: testClient() }).repos([repo("example-org/down")], collectContext());
    expect(facts["example-org/down"]).toMatchObject({ missing: expect.stringMatching(/502/) });
    expect(gh.graphqlOps("RepoHistory")).toHaveLength(4); // first try + 3 retries
  });
});
