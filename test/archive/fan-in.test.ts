/**
 * The fan-in against a local bare repository as the remote: one commit per fan-in, the README regenerated,
 * concurrent pushes all landing (none lost), a re-run committing nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fanIn, lostRace } from "../../src/archive/fan-in.js";
import { archiveReport } from "../../src/archive/writer.js";
import { fixtureRendered, fixtureReport } from "./fixture.js";

let tmp: string;
let remote: string;

const gitOut = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const tree = (branch = "exec-reports-archive") => gitOut(remote, "ls-tree", "-r", "--name-only", branch).split("\n").filter(Boolean);
const show = (file: string, branch = "exec-reports-archive") => gitOut(remote, "show", `${branch}:${file}`);

/** A job output folder with one archived report per audience. */
async function jobOutput(name: string, period: string, audiences: string[]): Promise<string> {
  const out = path.join(tmp, name);
  for (const a of audiences) {
    const r = fixtureReport({ audience: a, period, values: { runway: 12 + audiences.indexOf(a), cash: 1000 } });
    await archiveReport({ report: r, ...fixtureRendered(r) }, { outDir: out });
  }
  return out;
}

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "exec-fan-in-"));
  remote = path.join(tmp, "remote.git");
  execFileSync("git", ["init", "-q", "--bare", remote]);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("fan-in", () => {
  it("commits several job outputs in one commit on a new branch, with the README index", async () => {
    const a = await jobOutput("job-a", "2026-W48", ["cfo", "ceo"]);
    const b = await jobOutput("job-b", "2026-W48", ["cmo"]);
    const r = await fanIn({ sources: [a, b], remote });
    expect(r.committed).toBe(true);
    expect(r.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(gitOut(remote, "rev-parse", "exec-reports-archive")).toBe(r.sha);
    expect(gitOut(remote, "rev-list", "--count", "exec-reports-archive")).toBe("1");
    expect(r.reportIds.sort()).toEqual(["ceo.2026-W48", "cfo.2026-W48", "cmo.2026-W48"]);
    expect(tree()).toEqual([
      "README.md",
      ...["ceo", "cfo", "cmo"].flatMap((x) => [`archive/2026-W48/${x}.html`, `archive/2026-W48/${x}.json`, `archive/2026-W48/${x}.md`]),
    ]);
    const readme = show("README.md");
    expect(readme).toContain("[json](archive/2026-W48/cfo.json)");
    expect(readme).toContain("### CFO");
  });

  it("adds the next period on top, on a configurable branch, and a re-run commits nothing", async () => {
    const w47 = await jobOutput("w47", "2026-W47", ["cfo"]);
    const w48 = await jobOutput("w48", "2026-W48", ["cfo"]);
    const first = await fanIn({ sources: [w47], remote, branch: "reports/archive" });
    const second = await fanIn({ sources: [w48], remote, branch: "reports/archive" });
    expect(gitOut(remote, "rev-parse", `${second.sha}^`)).toBe(first.sha);
    expect(tree("reports/archive")).toEqual(expect.arrayContaining(["archive/2026-W47/cfo.json", "archive/2026-W48/cfo.json"]));
    const again = await fanIn({ sources: [w48], remote, branch: "reports/archive" });
    expect(again).toMatchObject({ committed: false, sha: second.sha });
  });

  it("two concurrent pushes both land, no report lost: the loser rebuilds on the winner's tip", async () => {
    const seed = await jobOutput("seed", "2026-W46", ["cfo"]);
    await fanIn({ sources: [seed], remote });
    const a = await jobOutput("a", "2026-W47", ["cfo", "ceo"]);
    const b = await jobOutput("b", "2026-W47", ["cmo", "cto"]);
    // Both commit on the same tip before either pushes: exactly one push is rejected.
    let waiting = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => {
      release = r;
    });
    const beforePush = async (attempt: number) => {
      if (attempt > 1) return;
      if (++waiting === 2) release();
      await barrier;
    };
    const [ra, rb] = await Promise.all([
      fanIn({ sources: [a], remote, beforePush, backoffMs: () => 5 }),
      fanIn({ sources: [b], remote, beforePush, backoffMs: () => 5 }),
    ]);
    expect([ra.attempts, rb.attempts].sort()).toEqual([1, 2]);
    const files = tree();
    for (const x of ["cfo", "ceo", "cmo", "cto"]) expect(files).toContain(`archive/2026-W47/${x}.json`);
    expect(files).toContain("archive/2026-W46/cfo.json");
    // Linear history: seed, winner, loser rebuilt on top; the README lists every report.
    expect(gitOut(remote, "rev-list", "--count", "exec-reports-archive")).toBe("3");
    const last = ra.attempts === 2 ? ra : rb;
    expect(gitOut(remote, "rev-parse", "exec-reports-archive")).toBe(last.sha);
    const readme = show("README.md");
    for (const x of ["cfo", "ceo", "cmo", "cto"]) expect(readme).toContain(`(archive/2026-W47/${x}.json)`);
  });

  it("four concurrent fan-ins onto a branch that does not exist yet all land", async () => {
    const outs = await Promise.all(["ceo", "cto", "cfo", "cmo"].map((x) => jobOutput(x, "2026-W48", [x])));
    const results = await Promise.all(
      outs.map((o) => fanIn({ sources: [o], remote, backoffMs: () => 10 + Math.random() * 40, attempts: 10 })),
    );
    expect(results.every((r) => r.committed)).toBe(true);
    expect(tree().filter((f) => f.endsWith(".json"))).toHaveLength(4);
    expect(gitOut(remote, "rev-list", "--count", "exec-reports-archive")).toBe("4");
  });

  it("holds only the archive files of a job output, never its audit, board or snapshot", async () => {
    const out = await jobOutput("job", "2026-W48", ["cfo"]);
    const { writeFile, mkdir } = await import("node:fs/promises");
    await writeFile(path.join(out, "audit.jsonl"), "{}\n");
    await mkdir(path.join(out, "outbox"));
    await writeFile(path.join(out, "outbox", "cfo.eml"), "To: someone\n");
    await writeFile(path.join(out, "archive", "notes.txt"), "x");
    const r = await fanIn({ sources: [out], remote });
    expect(r.files).toEqual(["archive/2026-W48/cfo.html", "archive/2026-W48/cfo.json", "archive/2026-W48/cfo.md"]);
    expect(tree()).not.toContain("audit.jsonl");
  });

  it("takes an archive folder itself as a source (download-artifact's merge-multiple layout)", async () => {
    const a = await jobOutput("merged", "2026-W48", ["cfo", "ceo"]);
    const r = await fanIn({ sources: [path.join(a, "archive")], remote });
    expect(r.reportIds.sort()).toEqual(["ceo.2026-W48", "cfo.2026-W48"]);
    expect(tree()).toContain("archive/2026-W48/ceo.md");
  });

  it("names a missing source folder and a refused push", async () => {
    await expect(fanIn({ sources: [path.join(tmp, "nope")], remote })).rejects.toThrow(/source folder .*nope does not exist/);
    const out = await jobOutput("job", "2026-W48", ["cfo"]);
    await expect(fanIn({ sources: [out], remote: path.join(tmp, "no-such-remote.git") })).rejects.toThrow(/git ls-remote failed/);
  });

  it("recognises git's rejections of a raced push", async () => {
    expect(lostRace(" ! [rejected]        HEAD -> exec-reports-archive (fetch first)")).toBe(true);
    expect(lostRace("error: cannot lock ref 'refs/heads/exec-reports-archive': is at 1 but expected 2")).toBe(true);
    expect(lostRace("fatal: Authentication failed")).toBe(false);
  });

  it("returns the same commit the remote holds, readable back from the README", async () => {
    const out = await jobOutput("job", "2026-W48", ["cfo"]);
    const r = await fanIn({ sources: [out], remote, message: "Archive run 42" });
    expect(gitOut(remote, "log", "-1", "--format=%s%n%an", r.sha!)).toBe("Archive run 42\ngithub-actions[bot]");
    expect(await readFile(path.join(out, "archive", "2026-W48", "cfo.md"), "utf8")).toBe(show("archive/2026-W48/cfo.md") + "\n");
  });
});
