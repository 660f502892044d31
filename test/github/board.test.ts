import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub, secondaryRateLimit } from "../../scripts/dev/fake-github.js";
import { type CardSpec, cardLabels, fingerprintMarker } from "../../src/board/board.js";
import { GitHubIssuesBoard } from "../../src/board/github-issues.js";
import { ProjectBoard, parseProjectRef } from "../../src/board/projects.js";
import type { Role } from "../../src/config/schema.js";
import { testClient } from "./helpers.js";

const gh = new FakeGitHub("example-org/ops");
beforeAll(() => gh.start());
afterAll(() => gh.stop());
beforeEach(() => {
  gh.issues = [];
  gh.labels.clear();
  gh.log = [];
  gh.project = undefined;
  gh.maxPerPage = 100;
});

const fp = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);
function spec(key: string, role: Role = "cto", extra = ""): CardSpec {
  const fingerprint = fp(`${role}:${key}`);
  return {
    fingerprint,
    title: `Fix ${key}`,
    body: `${fingerprintMarker(fingerprint)}\n**high** · fix ${key}${extra}\n`,
    labels: cardLabels(role, "jada", "high"),
    role,
    entity: "jada",
    priority: "high",
  };
}
const board = (project?: ProjectBoard) =>
  new GitHubIssuesBoard({ client: testClient(), repository: "example-org/ops", ...(project ? { project } : {}) });
const CLOSE = "Resolved: the finding no longer appears in cto.all.2026-W48.";

describe("GitHub Issues board", () => {
  it("three consecutive runs over the same findings create each issue once, and later runs write nothing", async () => {
    const specs = [spec("a"), spec("b"), spec("c")];
    const first = await board().sync("cto", ["jada"], specs, CLOSE);
    expect(first.created).toHaveLength(3);
    expect(first.cards.map((c) => c.url)).toEqual([
      "https://github.test/example-org/ops/issues/1",
      "https://github.test/example-org/ops/issues/2",
      "https://github.test/example-org/ops/issues/3",
    ]);
    expect(gh.labels.has("exec-report") && gh.labels.has("entity:jada") && gh.labels.has("role:cto")).toBe(true);
    for (const run of [2, 3]) {
      gh.log = [];
      const r = await board().sync("cto", ["jada"], specs, CLOSE);
      expect(r.unchanged, `run ${run}`).toHaveLength(3);
      expect(r.created.length + r.updated.length + r.closed.length + r.reopened.length).toBe(0);
      expect(gh.writes(), `run ${run} wrote`).toEqual([]);
      // Two listings, read together (one round trip): the cards, and the labels a new card would need.
      expect(gh.log.map((x) => `${x.method} ${x.path}`).sort()).toEqual([
        "GET /repos/example-org/ops/issues",
        "GET /repos/example-org/ops/labels",
      ]);
    }
    expect(gh.issues).toHaveLength(3);
  });

  it("updates a changed body, closes a resolved card with a comment, reopens a returning one", async () => {
    await board().sync("cto", ["jada"], [spec("a"), spec("b")], CLOSE);
    gh.log = [];
    const second = await board().sync("cto", ["jada"], [spec("a", "cto", " (worse now)")], CLOSE);
    expect(second.updated).toEqual([spec("a").fingerprint]);
    expect(second.closed).toEqual([spec("b").fingerprint]);
    const b = gh.issues.find((i) => i.title === "Fix b")!;
    expect(b).toMatchObject({ state: "closed", state_reason: "completed", comments: [CLOSE] });
    expect(gh.issues.find((i) => i.title === "Fix a")!.body).toContain("(worse now)");

    const third = await board().sync("cto", ["jada"], [spec("a", "cto", " (worse now)"), spec("b")], CLOSE);
    expect(third.reopened).toEqual([spec("b").fingerprint]);
    expect(third.unchanged).toEqual([spec("a").fingerprint]);
    expect(b.state).toBe("open");
    expect(b.comments).toHaveLength(2);
    expect(gh.issues).toHaveLength(2);
  });

  it("closes only cards of the same role and a managed entity, and keeps labels people added", async () => {
    const bd = board();
    await bd.sync("cto", ["jada"], [spec("a")], CLOSE);
    await bd.sync("cfo", ["jada"], [spec("x", "cfo")], CLOSE);
    gh.issues[0]!.labels.push("in-progress");
    // A report that does not manage jada leaves its cards alone, even when it no longer raises them.
    expect((await board().sync("cto", ["another-entity"], [], CLOSE)).closed).toEqual([]);
    const r = await board().sync("cto", ["jada"], [], CLOSE);
    expect(r.closed).toEqual([spec("a").fingerprint]);
    expect(gh.issues.map((i) => i.state)).toEqual(["closed", "open"]);
    const again = await board().sync("cto", ["jada"], [spec("a")], CLOSE);
    expect(again.reopened).toHaveLength(1);
    expect(gh.issues[0]!.labels).toContain("in-progress");
  });

  it("finds existing cards across pages of the labelled listing (no search API) and treats 422 already_exists as success", async () => {
    gh.maxPerPage = 10;
    for (let i = 0; i < 25; i++) {
      const s = spec(`old-${i}`);
      gh.issues.push({
        number: i + 1,
        node_id: `I_kwDOFake${i + 1}`,
        title: s.title,
        body: s.body,
        state: "closed",
        state_reason: "completed",
        labels: [...s.labels, "scope:all"],
        comments: [],
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
        closed_at: "2026-01-02T00:00:00Z",
      });
    }
    // A label that exists but is missing from the first listing (created concurrently): 422 already_exists.
    gh.fail("GET", /\/labels$/, () => new Response("[]", { status: 200, headers: { "content-type": "application/json" } }));
    gh.labels.set("exec-report", { name: "exec-report", color: "5319e7", description: "" });
    const r = await board().sync("cto", ["jada"], [spec("old-3"), spec("new")], CLOSE);
    expect(r.reopened).toEqual([spec("old-3").fingerprint]);
    expect(r.created).toEqual([spec("new").fingerprint]);
    expect(gh.log.filter((x) => x.path.endsWith("/issues") && x.method === "GET")).toHaveLength(3);
    expect(gh.log.some((x) => x.path.startsWith("/search"))).toBe(false);
    // exec-report already existed: its create answered 422 already_exists and the sync went on.
    expect(gh.log.filter((x) => x.method === "POST" && x.path.endsWith("/labels")).map((x) => (x.body as { name: string }).name)).toContain(
      "exec-report",
    );
    expect(gh.issues).toHaveLength(26);
  });

  it("prefetch reads the listings together before the first sync; a listing that fails surfaces in that sync (not as an unhandled rejection) and the next sync reads again", async () => {
    const ok = board();
    ok.prefetch();
    await new Promise((r) => setTimeout(r, 50));
    expect(gh.log.map((x) => `${x.method} ${x.path}`).sort()).toEqual([
      "GET /repos/example-org/ops/issues",
      "GET /repos/example-org/ops/labels",
    ]);
    await ok.sync("cto", ["jada"], [spec("a")], CLOSE);
    expect(gh.log.filter((x) => x.method === "GET")).toHaveLength(2);

    gh.fail(
      "GET",
      /\/issues$/,
      () =>
        new Response(JSON.stringify({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" }), {
          status: 401,
          headers: { "content-type": "application/json" },
        }),
    );
    const down = board();
    down.prefetch();
    await new Promise((r) => setTimeout(r, 50));
    await expect(down.sync("cto", ["jada"], [spec("b")], CLOSE)).rejects.toThrow(/Bad credentials/);
    expect(gh.writes().filter((x) => x.path.endsWith("/issues"))).toHaveLength(1);
    const next = await down.sync("cfo", ["jada"], [spec("c", "cfo")], CLOSE);
    expect(next.created).toHaveLength(1);
    expect(gh.log.filter((x) => x.method === "GET" && x.path.endsWith("/issues"))).toHaveLength(3);
  });

  it("retries an issue creation answered with a secondary rate limit", async () => {
    gh.fail("POST", /\/issues$/, () => secondaryRateLimit(1));
    const r = await board().sync("cto", ["jada"], [spec("a")], CLOSE);
    expect(r.created).toHaveLength(1);
    expect(gh.log.filter((x) => x.method === "POST" && x.path.endsWith("/issues"))).toHaveLength(2);
    expect(gh.issues).toHaveLength(1);
  });
});

describe("Projects v2", () => {
  it("adds each card to the project and sets Status (open → Todo, closed → Done); a rerun mutates nothing", async () => {
    const proj = gh.addProject({ owner: "example-org", number: 5 });
    const client = testClient();
    const mk = () =>
      new GitHubIssuesBoard({
        client,
        repository: "example-org/ops",
        project: new ProjectBoard(client, parseProjectRef("https://github.com/orgs/example-org/projects/5")),
      });
    const r1 = await mk().sync("cto", ["jada"], [spec("a"), spec("b")], CLOSE);
    expect(r1.warnings).toEqual([]);
    expect([...proj.items.keys()]).toEqual(["I_kwDOFake1", "I_kwDOFake2"]);
    expect([...proj.items.values()].map((i) => gh.optionName(i.optionId))).toEqual(["Todo", "Todo"]);
    expect(gh.graphqlOps("AddProjectItem")).toHaveLength(2);
    expect(gh.graphqlOps("SetProjectStatus")).toHaveLength(2);

    // A person moves a card along; the next run must not undo it.
    proj.items.get("I_kwDOFake1")!.optionId = "47fc9ee4";
    gh.log = [];
    await mk().sync("cto", ["jada"], [spec("a"), spec("b")], CLOSE);
    expect(gh.writes()).toEqual([]);
    expect(gh.optionName(proj.items.get("I_kwDOFake1")!.optionId)).toBe("In Progress");

    await mk().sync("cto", ["jada"], [spec("a")], CLOSE);
    expect(gh.optionName(proj.items.get("I_kwDOFake2")!.optionId)).toBe("Done");
    await mk().sync("cto", ["jada"], [spec("a"), spec("b")], CLOSE);
    expect(gh.optionName(proj.items.get("I_kwDOFake2")!.optionId)).toBe("Todo");
  });

  it("without project access warns once and still files the issues", async () => {
    gh.addProject({ owner: "example-org", number: 5, access: "forbidden" });
    const client = testClient();
    const bd = new GitHubIssuesBoard({
      client,
      repository: "example-org/ops",
      project: new ProjectBoard(client, parseProjectRef("example-org/5")),
    });
    const results = await Promise.all([
      bd.sync("cto", ["jada"], [spec("a")], CLOSE),
      bd.sync("cfo", ["jada"], [spec("x", "cfo")], CLOSE),
      bd.sync("ceo", ["jada"], [spec("y", "ceo")], CLOSE),
    ]);
    const warnings = results.flatMap((r) => r.warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Resource not accessible by integration.*GITHUB_TOKEN cannot reach Projects v2.*`project` scope/);
    expect(results.map((r) => r.created.length)).toEqual([1, 1, 1]);
    expect(gh.graphqlOps("ProjectFields")).toHaveLength(1);
    expect(gh.graphqlOps("AddProjectItem")).toHaveLength(0);
  });

  it("parses project URLs and owner/number, and rejects anything else with the expected forms", () => {
    expect(parseProjectRef("https://github.com/users/octo-user/projects/3")).toMatchObject({ owner: "octo-user", number: 3 });
    expect(parseProjectRef("https://github.com/orgs/example-org/projects/5/views/1")).toMatchObject({ owner: "example-org", number: 5 });
    expect(parseProjectRef("example-org/12")).toMatchObject({ owner: "example-org", number: 12 });
    expect(() => parseProjectRef("example-org/projects")).toThrow(/OWNER\/NUMBER/);
  });
});
