/**
 * The board's writes and safety: one request per new card, labels once, Status 20 to a request; a per-run cap with
 * the rest on one summary card; one-line titles of at most 256 characters; acknowledged cards (accepted-risk, closed
 * as not planned) reported with who and when and never reopened; a server that reflects the token leaves no trace.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HttpResponse } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../../scripts/dev/fake-github.js";
import { type CardSpec, cardLabels, fingerprintMarker, labelVocabulary } from "../../src/board/board.js";
import { FileBoard } from "../../src/board/file-board.js";
import { GitHubIssuesBoard } from "../../src/board/github-issues.js";
import { overflowFingerprint } from "../../src/board/overflow.js";
import { ProjectBoard, parseProjectRef } from "../../src/board/projects.js";
import { createGitHubClient } from "../../src/github/client.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { Redactor } from "../../src/shared/redact.js";
import { tempDir } from "../helpers/cli.js";
import { testClient } from "./helpers.js";

const gh = new FakeGitHub("example-org/ops");
beforeAll(() => gh.start());
afterAll(() => gh.stop());
beforeEach(() => {
  gh.issues = [];
  gh.labels.clear();
  gh.log = [];
  gh.project = undefined;
});

/** Waits (up to 5 s) for a condition the fake GitHub reaches asynchronously. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}

const fp = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);
function spec(key: string, entity = "alpha", title = `Fix ${key}`): CardSpec {
  const fingerprint = fp(key);
  return {
    fingerprint,
    title,
    body: `${fingerprintMarker(fingerprint)}\n**high** · fix ${key}\n`,
    labels: cardLabels("cto", entity, "high"),
    role: "cto",
    entity,
    priority: "high",
  };
}
const CLOSE = "Resolved: the finding no longer appears in cto.2026-W48.";
/** What an all-entity report keeps current: every entity it covers and its portfolio-wide findings. */
const MANAGE = ["alpha", "beta", "gamma", "portfolio"];
const withProject = (o: { maxNewCards?: number; redactor?: Redactor; client?: ReturnType<typeof testClient> } = {}) => {
  if (!gh.project) gh.addProject({ owner: "example-org", number: 5 });
  const client = o.client ?? testClient();
  return new GitHubIssuesBoard({
    client,
    repository: "example-org/ops",
    project: new ProjectBoard(client, parseProjectRef("example-org/5")),
    ...o,
  });
};

describe("GitHub board: fewer writes", () => {
  it("a first run of 45 cards: write requests ≤ cards + labels + ⌈Status updates ÷ 20⌉", async () => {
    const entities = ["alpha", "beta", "gamma"];
    const specs = Array.from({ length: 45 }, (_, i) => spec(`k${i}`, entities[i % 3]));
    const r = await withProject().sync("cto", MANAGE, specs, CLOSE);
    expect(r.created).toHaveLength(45);
    const labels = gh.log.filter((x) => x.method === "POST" && x.path.endsWith("/labels")).length;
    // exec-report, role:cto, priority:high and three entity labels: each created once.
    expect(labels).toBe(6);
    const writes = gh.writes().length;
    expect(writes).toBe(45 + labels + Math.ceil(45 / 20));
    expect(gh.graphqlOps("SetProjectStatuses")).toHaveLength(3);
    expect([...gh.project!.items.values()].every((i) => gh.optionName(i.optionId) === "Todo")).toBe(true);
    expect(gh.issues.every((i) => i.labels.includes("exec-report") && i.labels.includes("role:cto"))).toBe(true);
  });

  it("creates the run's likely labels while the sources are read, each once, and no more once the first sync begins", async () => {
    const vocabulary = labelVocabulary(["cto", "cfo"], ["portfolio", "alpha", "beta"]);
    expect(vocabulary).toEqual([
      "exec-report",
      "role:cto",
      "role:cfo",
      "priority:P1",
      "priority:P2",
      "priority:P3",
      "priority:P4",
      "entity:portfolio",
      "entity:alpha",
      "entity:beta",
    ]);
    gh.labels.set("role:cto", { name: "role:cto", color: "ededed", description: "" });
    const early = withProject();
    early.prefetch(vocabulary);
    await until(() => gh.labels.size === vocabulary.length);
    const posts = () => gh.log.filter((x) => x.method === "POST" && x.path.endsWith("/labels")).map((x) => x.body as { name: string });
    // Every label the repository lacked, once, in order; role:cto existed.
    expect(posts().map((b) => b.name)).toEqual(vocabulary.filter((l) => l !== "role:cto"));
    const r = await early.sync("cto", MANAGE, [{ ...spec("a"), labels: cardLabels("cto", "alpha", "P1") }], CLOSE);
    expect(r.created).toHaveLength(1);
    expect(posts()).toHaveLength(vocabulary.length - 1);

    // A sync that begins while the vocabulary is still being created stops it: only what its cards need follows.
    gh.labels.clear();
    gh.log = [];
    const late = withProject();
    late.prefetch(labelVocabulary(["cto"], ["portfolio", "alpha", "beta", "gamma", "delta"]));
    await late.sync("cto", MANAGE, [{ ...spec("b"), labels: cardLabels("cto", "alpha", "P1") }], CLOSE);
    const made = posts().map((b) => b.name);
    expect(made).not.toContain("entity:delta");
    expect(new Set(made).size).toBe(made.length);
    expect(made).toEqual(expect.arrayContaining(["exec-report", "role:cto", "priority:P1", "entity:alpha"]));
  });

  it("a token that may not create labels stops the vocabulary at the first refusal; the sync meets the error itself", async () => {
    gh.fail("POST", /\/labels$/, () => HttpResponse.json({ message: "Resource not accessible by integration" }, { status: 403 }), 2);
    const board = withProject();
    board.prefetch(labelVocabulary(["cto"], ["alpha"]));
    await until(() => gh.log.some((x) => x.method === "POST"));
    await new Promise((r) => setTimeout(r, 50));
    expect(gh.log.filter((x) => x.method === "POST" && x.path.endsWith("/labels"))).toHaveLength(1);
    await expect(board.sync("cto", MANAGE, [spec("c")], CLOSE)).rejects.toThrow(/not accessible/);
  });

  it("Status updates go 20 to a request across the roles of a run (syncs queued together)", async () => {
    const board = withProject();
    const specsFor = (role: "cto" | "cfo" | "ceo") =>
      Array.from({ length: 8 }, (_, i) => ({ ...spec(`${role}-${i}`), role, labels: cardLabels(role, "alpha", "high") }));
    const rs = await Promise.all((["cto", "cfo", "ceo"] as const).map((role) => board.sync(role, MANAGE, specsFor(role), CLOSE)));
    expect(rs.map((r) => r.created.length)).toEqual([8, 8, 8]);
    expect(gh.graphqlOps("SetProjectStatuses")).toHaveLength(2);
    expect([...gh.project!.items.values()].every((i) => gh.optionName(i.optionId) === "Todo")).toBe(true);
  });

  it("files at most maxNewCards new cards a run; the rest are listed on one summary card, later runs catch up", async () => {
    const specs = Array.from({ length: 12 }, (_, i) => spec(`c${i}`));
    const first = await withProject({ maxNewCards: 5 }).sync("cto", MANAGE, specs, CLOSE);
    expect(first.created).toHaveLength(6);
    expect(first.overflow).toMatchObject({ count: 7, card: { url: expect.stringMatching(/issues\/6$/) } });
    const summary = gh.issues.find((i) => i.body.includes(overflowFingerprint("cto", "portfolio")))!;
    expect(summary.title).toBe("7 more CTO findings not filed as cards yet");
    expect(summary.body.match(/^- \*\*high\*\*/gm)).toHaveLength(7);
    // Next run: five more, the summary updated to the last two.
    const second = await withProject({ maxNewCards: 5 }).sync("cto", MANAGE, specs, CLOSE);
    expect(second.created).toHaveLength(5);
    expect(second.overflow?.count).toBe(2);
    // Third: the last two, and the summary card closes itself.
    const third = await withProject({ maxNewCards: 5 }).sync("cto", MANAGE, specs, CLOSE);
    expect(third.created).toHaveLength(2);
    expect(third.overflow).toBeUndefined();
    expect(third.closed).toEqual([overflowFingerprint("cto", "portfolio")]);
    expect(gh.issues.filter((i) => i.state === "open")).toHaveLength(12);
  });

  it("card titles are one line of at most 256 characters", async () => {
    const s = spec("long", "alpha", `Fix\r\nBcc: x@evil.example\u202e ${"y".repeat(400)}`);
    await withProject().sync("cto", MANAGE, [s], CLOSE);
    const t = gh.issues[0]!.title;
    expect(t).not.toMatch(/[\r\n\u202e]/);
    expect(Array.from(t).length).toBeLessThanOrEqual(256);
    // An unchanged title is not rewritten on the next run.
    gh.log = [];
    await withProject().sync("cto", MANAGE, [s], CLOSE);
    expect(gh.writes()).toEqual([]);
  });
});

describe("GitHub board: acknowledgement", () => {
  it("reports accepted-risk and not-planned cards with who and when, and never reopens a not-planned one", async () => {
    await withProject().sync("cto", MANAGE, [spec("a"), spec("b"), spec("c")], CLOSE);
    const [a, b] = gh.issues;
    a!.labels.push("accepted-risk");
    a!.events = [{ type: "labeled", actor: "ops-lead", at: "2026-11-27T09:00:00Z", label: "accepted-risk" }];
    Object.assign(b!, { state: "closed", state_reason: "not_planned", closed_at: "2026-11-28T10:00:00Z" });
    b!.events = [{ type: "closed", actor: "cfo-person", at: "2026-11-28T10:00:00Z", stateReason: "NOT_PLANNED" }];
    gh.log = [];
    const r = await withProject().sync("cto", MANAGE, [spec("a"), spec("b"), spec("c")], CLOSE);
    expect(r.acknowledged).toEqual([
      { fingerprint: spec("a").fingerprint, how: "accepted-risk", by: "ops-lead", at: "2026-11-27T09:00:00Z", url: expect.any(String) },
      { fingerprint: spec("b").fingerprint, how: "not-planned", by: "cfo-person", at: "2026-11-28T10:00:00Z", url: expect.any(String) },
    ]);
    expect(r.reopened).toEqual([]);
    expect(b!.state).toBe("closed");
    // The person's label stays; nothing was written.
    expect(a!.labels).toContain("accepted-risk");
    expect(gh.writes()).toEqual([]);
  });

  it("the file board reads the same from board.json", async () => {
    const file = path.join(await tempDir(), "board.json");
    const board = () => new FileBoard(file, () => new Date("2026-11-30T08:00:00Z"));
    await board().sync("cto", MANAGE, [spec("a"), spec("b")], CLOSE);
    const json = JSON.parse(await readFile(file, "utf8"));
    json.cards[0].labels.push("accepted-risk");
    Object.assign(json.cards[1], { status: "closed", stateReason: "not_planned", acknowledgedBy: "Dana", acknowledgedAt: "2026-11-28" });
    await import("node:fs/promises").then((fs) => fs.writeFile(file, JSON.stringify(json)));
    const r = await board().sync("cto", MANAGE, [spec("a"), spec("b")], CLOSE);
    expect(r.acknowledged).toEqual([
      { fingerprint: spec("a").fingerprint, how: "accepted-risk", by: null, at: null },
      { fingerprint: spec("b").fingerprint, how: "not-planned", by: "Dana", at: "2026-11-28" },
    ]);
    expect(r.reopened).toEqual([]);
    const after = JSON.parse(await readFile(file, "utf8"));
    expect(after.cards[0].labels).toContain("accepted-risk");
    expect(after.cards[1].status).toBe("closed");
  });
});

describe("GitHub board: secrets", () => {
  it("a server that reflects the token in its error body: the error, the cards and the comments hold no trace of it", async () => {
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    const redactor = new Redactor().add(token);
    const client = createGitHubClient({
      token,
      baseUrl: "https://api.github.test",
      log: memoryLogger(),
      writeSpacingMs: 0,
      retryBaseMs: 1,
      retries: 0,
    });
    // A card whose text carries the token (a finding quoting a leaked value) is filed redacted.
    await withProject({ client, redactor }).sync("cto", MANAGE, [spec("leak", "alpha", `Token ${token} in repo`)], `closed ${token}`);
    expect(JSON.stringify(gh.issues)).not.toContain(token.slice(4));
    expect(gh.issues[0]!.title).toBe("Token [redacted] in repo");
    // Then the server answers 401 echoing the Authorization header it was sent.
    gh.fail("GET", /\/issues$/, () =>
      HttpResponse.json(
        { message: `Bad credentials (you sent: token ${token})`, documentation_url: "https://docs.github.com/rest" },
        { status: 401 },
      ),
    );
    const err = await withProject({ client, redactor })
      .sync("cto", MANAGE, [spec("x")], CLOSE)
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(/Bad credentials \(you sent: token \[redacted\]\)/);
    expect(`${err?.message}\n${err?.stack}`).not.toContain(token.slice(4));
    const closing = await withProject({ client, redactor }).sync("cto", MANAGE, [], `Resolved (${token})`);
    expect(closing.closed).toHaveLength(1);
    expect(gh.issues[0]!.comments.join("\n")).not.toContain(token.slice(4));
  });
});
