import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API, FakeGitHub, makeCommits } from "../../scripts/dev/fake-github.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { Env } from "../../src/config/env.js";
import { run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import type { SelectContext } from "../../src/wiring/edges.js";
import { selectBoard } from "../../src/wiring/select-board.js";
import { selectGit } from "../../src/wiring/select-git.js";
import { edgesFor, reportOf, runOptions } from "../helpers/run.js";
import { fakeToken } from "./helpers.js";

// The sample's weekly audiences read W48 in San Diego time.
const WEEK = parsePeriod("2026-W48", "America/Los_Angeles");

const DATA = path.resolve(import.meta.dirname, "../../data");
const gh = new FakeGitHub("example-org/ops");
let out: string;
const token = fakeToken();
const now = () => new Date("2026-11-30T08:00:00Z");

beforeAll(async () => {
  gh.start();
  out = await mkdtemp(path.join(tmpdir(), "gh6-e2e-"));
  gh.repos.set("example-org/jada-booking", {
    commits: makeCommits(42, WEEK.start, WEEK.end, "jada"),
    // A tracked env file under a directory whose name would ping someone if it reached an issue raw.
    files: {
      "Code.gs": "function doGet() {}\n",
      "appsscript.json": "{}\n",
      "notes/@octocat #1/.env": "MODE=test\n",
      "README.md": "# JADA\n",
    },
    openIssues: 3,
    openPullRequests: 1,
  });
  gh.repos.set("example-org/queenofsandiego-site", {
    commits: makeCommits(7, WEEK.start, WEEK.end, "qsd"),
    files: { "package.json": "{}\n", ".github/dependabot.yml": "version: 2\n" },
  });
  // example-org/quickdumpnow-site is absent: GitHub answers NOT_FOUND and the run goes on.
  gh.addProject({ owner: "example-org", number: 5 });
});
afterAll(async () => {
  gh.stop();
  await rm(out, { recursive: true, force: true });
});

async function runOnce(label: string) {
  const log = memoryLogger();
  const env = { GITHUB_TOKEN: token, GITHUB_REPOSITORY: "example-org/ops", GITHUB_API_URL: API } as Env;
  const ctx: SelectContext = {
    outDir: out,
    dataDir: DATA,
    env,
    log,
    now,
    auto: true,
    project: "https://github.com/orgs/example-org/projects/5",
  };
  const tuning = { writeSpacingMs: 0, retryBaseMs: 1 };
  const outDir = path.join(out, label);
  // No flags: GitHub is chosen because the token and repository are set.
  const edges = edgesFor(outDir, now, {
    sources: [gitSource(await selectGit(undefined, ctx, tuning)), metricsSource(new FileMetricsSource())],
    board: await selectBoard(undefined, ctx, tuning),
  });
  // Every weekly audience for W48.
  const opts = runOptions(outDir, { dataDir: DATA, select: { period: "2026-W48" }, env, now });
  gh.log = [];
  const result = await run(opts, log, edges);
  return { result, log, requests: [...gh.log] };
}

describe("run() with the GitHub git source and board", () => {
  it("collects through the API, files one issue per action item on the project, and a rerun writes nothing", async () => {
    const first = await runOnce("first");
    expect(first.result.ok).toBe(true);
    expect(first.log.lines.join("\n")).toMatch(/git: GitHub API at https:\/\/api\.github\.test \(GITHUB_TOKEN is set\)/);
    expect(first.log.lines.join("\n")).toMatch(/board: GitHub Issues in example-org\/ops, placed on project/);

    expect(first.result.reports.map((r) => r.reportId)).toEqual(
      ["ceo", "cto", "cfo", "cmo", "accounting", "quickdumpnow-manager"].map((a) => `${a}.2026-W48`),
    );
    const snapshot = JSON.parse(await readFile(reportOf(first.result, "ceo").files.snapshot, "utf8"));
    expect(snapshot.repos["example-org/jada-booking"]).toMatchObject({
      source: "GitHub API example-org/jada-booking",
      value: { historyRead: true, openIssues: 3 },
    });
    expect(snapshot.repos["example-org/jada-booking"].value.commits).toHaveLength(42);
    expect(snapshot.repos["example-org/quickdumpnow-site"].missing).toMatch(/NOT_FOUND/);

    // Audiences share cards: an entity manager's finding is the all-entity report's card, filed once.
    const actions = new Set(first.result.reports.flatMap((r) => r.report!.actions.map((a) => a.fingerprint))).size;
    expect(actions).toBeGreaterThan(0);
    expect(first.result.reports.reduce((n, r) => n + r.counts.actions, 0)).toBeGreaterThan(actions);
    expect(gh.issues).toHaveLength(actions);
    expect(gh.project!.items.size).toBe(actions);
    expect([...gh.project!.items.values()].every((i) => gh.optionName(i.optionId) === "Todo")).toBe(true);
    // The CEO's all-entity report posts the executive summary as the project's status update, once.
    expect(gh.project!.statusUpdates).toHaveLength(1);
    expect(gh.project!.statusUpdates[0]!.status).toMatch(/^(ON_TRACK|AT_RISK|OFF_TRACK)$/);
    expect(gh.project!.statusUpdates[0]!.body).toContain("ceo.2026-W48");
    const cto = reportOf(first.result, "cto");
    expect(cto.report!.actions.every((a) => a.cardUrl?.startsWith("https://github.test/example-org/ops/issues/"))).toBe(true);

    // Data never pings: the env-file path from the repository reaches the issue with @ and # neutralised.
    const created = first.requests
      .filter((r) => r.op === "CreateCard")
      .map((r) => (r.body as { variables: { input: { body: string } } }).variables.input.body);
    const withPath = created.filter((b) => b.includes("octocat"));
    expect(withPath.length).toBeGreaterThan(0);
    for (const b of withPath) {
      expect(b).toMatch(/@\u200doctocat \\?#\u200d1/);
      expect(b).not.toMatch(/@octocat|#1\b/);
    }

    const second = await runOnce("second");
    expect(second.result.ok).toBe(true);
    expect(
      second.result.reports.every(
        (r) => r.board && r.board.created.length + r.board.updated.length + r.board.closed.length + r.board.reopened.length === 0,
      ),
    ).toBe(true);
    expect(second.requests.filter((r) => r.write)).toEqual([]);
    expect(gh.issues).toHaveLength(actions);

    // The token appears in no output file and no log line.
    const files = await readdir(out, { recursive: true });
    for (const f of files) {
      const p = path.join(out, f);
      const text = await readFile(p, "utf8").catch(() => "");
      expect(text.includes(token), p).toBe(false);
    }
    expect(first.log.lines.join("\n")).not.toContain(token);

    const count = (rs: typeof first.requests) => ({
      total: rs.length,
      graphql: rs.filter((r) => r.path === "/graphql").length,
      writes: rs.filter((r) => r.write).length,
    });
    process.stdout.write(
      `gh6 requests: first run ${JSON.stringify(count(first.requests))}, rerun ${JSON.stringify(count(second.requests))}, issues ${actions}\n`,
    );
  });
});
