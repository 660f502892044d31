import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isPresent } from "../../src/collect/snapshot.js";
import { LocalGitSource, parseGitLog } from "../../src/collect/sources/git-local.js";
import { maskSecret, scanCommitBatch, scanCommitFields, scanContent } from "../../src/collect/sources/secret-scan.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { FIXTURE_DIR, fixture, NOW } from "../fixtures/fixture.js";
import { tempDir } from "../helpers/cli.js";
import { ROOT } from "../helpers/sample.js";

/** A Stripe-shaped key made at test time; never committed. */
const fakeStripeKey = () => ["sk", "live", randomBytes(24).toString("hex")].join("_");

function git(dir: string, args: string[], date?: string) {
  execFileSync("git", ["-C", dir, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Dev",
      GIT_AUTHOR_EMAIL: "dev@example.com",
      GIT_COMMITTER_NAME: "Dev",
      GIT_COMMITTER_EMAIL: "dev@example.com",
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
    stdio: "pipe",
  });
}

describe("secret scanning", () => {
  it("finds a Stripe key by rule and line, masked, without returning the value", async () => {
    const key = fakeStripeKey();
    const hits = await scanContent("Code.gs", `function a() {}\nvar STRIPE = "${key}";\n`);
    expect(hits).toEqual([{ file: "Code.gs", line: 2, rule: "exec-reports/stripe", masked: `sk_live_•••• (${key.length} chars)` }]);
    expect(JSON.stringify(hits)).not.toContain(key.slice(8));
  });

  it("reports two secrets of one rule in one file as two hits, each with its own line", async () => {
    const hits = await scanContent(".env", `A=${fakeStripeKey()}\n# note\nB=${fakeStripeKey()}\n`);
    expect(hits.map((h) => [h.line, h.rule])).toEqual([
      [1, "exec-reports/stripe"],
      [3, "exec-reports/stripe"],
    ]);
  });

  it("scans commit messages and author fields like file contents, and hands back the fields masked", async () => {
    const key = fakeStripeKey();
    const out = await scanCommitFields({ sha: "abcdef1234567", message: `Rotate key\n\nold: ${key}`, author: `Dev <${key}@example.com>` });
    expect(out.hits.map((h) => [h.file, h.line])).toEqual([
      ["commit abcdef1 message", 3],
      ["commit abcdef1 author", 1],
    ]);
    expect(JSON.stringify(out)).not.toContain(key);
    expect(out.message).toBe(`Rotate key\n\nold: ${maskSecret(key)}`);
  });

  it("scans many commits in one pass with the same hits, lines and masks as one commit at a time", async () => {
    const ghToken = [
      "ghp",
      randomBytes(48)
        .toString("base64")
        .replace(/[^A-Za-z0-9]/g, "")
        .slice(0, 36),
    ].join("_");
    const [k1, k2, k3] = [fakeStripeKey(), fakeStripeKey(), fakeStripeKey()];
    const commits = [
      { sha: "1111111aaaa", message: "Plain change", author: "Ann <ann@example.com>" },
      { sha: "2222222bbbb", message: `Rotate\n\nold ${k1}\nnew ${k2}`, author: "Bo <bo@example.com>" },
      { sha: "3333333cccc", message: "", author: `Cy <${k3}@example.com>` },
      { sha: "4444444dddd", message: `deploy with ${ghToken}`, author: "Di <di@example.com>" },
      { sha: "5555555eeee", message: "last", author: `${k1}` },
    ];
    const batch = await scanCommitBatch(commits);
    const single = await Promise.all(commits.map((c) => scanCommitFields(c)));
    expect(batch).toEqual(single);
    expect(batch.flatMap((b) => b.hits.map((h) => [h.file, h.line, h.rule]))).toEqual([
      ["commit 2222222 message", 3, "exec-reports/stripe"],
      ["commit 2222222 message", 4, "exec-reports/stripe"],
      ["commit 3333333 author", 1, "exec-reports/stripe"],
      ["commit 4444444 message", 1, "@secretlint/secretlint-rule-github"],
      ["commit 5555555 author", 1, "exec-reports/stripe"],
    ]);
    expect(batch[1]!.message).toBe(`Rotate\n\nold ${maskSecret(k1)}\nnew ${maskSecret(k2)}`);
    expect(batch[0]).toEqual({ message: "Plain change", author: "Ann <ann@example.com>", hits: [] });
    for (const k of [k1, k2, k3, ghToken]) expect(JSON.stringify(batch)).not.toContain(k);
    expect(await scanCommitBatch([])).toEqual([]);
  });

  it("finds keys from secretlint's recommended preset (a GitHub token)", async () => {
    const alnum = randomBytes(64)
      .toString("base64")
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 36);
    const hits = await scanContent("deploy.sh", `export GH_TOKEN=${["ghp", alnum].join("_")}\n`);
    expect(hits.map((h) => h.rule)).toContain("@secretlint/secretlint-rule-github");
  });

  it("stays quiet on ordinary code and on this repository's own tracked files", async () => {
    expect(await scanContent("a.ts", 'const stripeKey = process.env.STRIPE_KEY ?? "";\n')).toEqual([]);
    const tracked = execFileSync("git", ["-C", ROOT, "ls-files"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => f && /\.(ts|ya?ml|json|md|mustache)$/.test(f) && !f.startsWith("dist/") && !f.endsWith("package-lock.json"));
    const hits = (
      await Promise.all(tracked.map(async (f) => scanContent(f, await readFile(path.join(ROOT, f), "utf8").catch(() => ""))))
    ).flat();
    expect(hits).toEqual([]);
  });
});

describe("local git source", () => {
  it("reads history in the half-open period, tracked env files, scanning config and secrets", async () => {
    const dir = await tempDir("exec-git-");
    git(dir, ["init", "-q", "-b", "main"]);
    await writeFile(path.join(dir, "a.txt"), "one\n");
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "before the period"], "2026-11-22T23:59:59Z");
    await writeFile(path.join(dir, ".env"), `STRIPE_SECRET=${fakeStripeKey()}\n`);
    await writeFile(path.join(dir, "a.txt"), "one\ntwo\nthree\n");
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "inside"], "2026-11-23T00:00:00Z");
    await mkdir(path.join(dir, ".github"), { recursive: true });
    await writeFile(path.join(dir, ".github/dependabot.yml"), "version: 2\n");
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "end is exclusive"], "2026-11-30T00:00:00Z");

    const inv = await fixture();
    const ctx = { period: parsePeriod("2026-W48"), inventory: inv, dataDir: dir, log: memoryLogger(), now: () => NOW };
    const facts = await new LocalGitSource().repos(
      [
        { id: "r", entity: "jada", path: "." },
        { id: "gone", entity: "jada", path: "missing-dir" },
      ],
      ctx,
    );
    const r = facts.r!;
    expect(isPresent(r)).toBe(true);
    if (!isPresent(r)) return;
    expect(r.value.commits.map((c) => c.message)).toEqual(["inside"]);
    expect(r.value.commits[0]).toMatchObject({ additions: 3, deletions: 0, author: "Dev" });
    expect(r.value.trackedFiles).toContain(".env");
    expect(r.value.dependencyScanning).toEqual([".github/dependabot.yml"]);
    expect(r.value.secrets.map(({ masked: _m, ...h }) => h)).toEqual([{ file: ".env", line: 1, rule: "exec-reports/stripe" }]);
    const gone = facts.gone!;
    expect("missing" in gone && gone.missing).toMatch(/cannot read the clone/);
  });

  it("parses numstat output, keeps the full message body and skips binary counts", () => {
    const out = "\x1eabc\x1fDev\x1fdev@example.com\x1f2026-11-24T10:00:00+00:00\x1fmsg\n\nbody line\n\x1f\n3\t1\tsrc/a.ts\n-\t-\timg.png\n";
    expect(parseGitLog(out, "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z")).toEqual([
      {
        sha: "abc",
        author: "Dev",
        email: "dev@example.com",
        date: "2026-11-24T10:00:00.000Z",
        additions: 3,
        deletions: 1,
        message: "msg",
        body: "msg\n\nbody line",
      },
    ]);
  });
});

describe("recorded git histories", () => {
  it("builds a real repository at run time from data, with fake keys generated into it, and reads it like a clone", async () => {
    const cacheDir = await tempDir("exec-recorded-");
    const inv = await fixture();
    const ctx = { period: parsePeriod("2027-W10"), inventory: inv, dataDir: FIXTURE_DIR, log: memoryLogger(), now: () => NOW };
    const facts = await new LocalGitSource({ cacheDir }).repos(inv.repos.repos, ctx);
    const app = facts["ledgerly-app"]!;
    expect(isPresent(app) && app.source).toBe("recorded history test/fixtures/other-portfolio/history/ledgerly-app.yaml");
    if (!isPresent(app)) return;
    // Commits of 2027-03-09 and 2027-03-11 are in the week; 2027-03-01 is not.
    expect(app.value.commits.map((c) => [c.author, c.message])).toEqual([
      ["Founder A", "Add audit workflow"],
      ["Founder B", "Rotate billing key"],
    ]);
    expect(app.value.secrets.map((s) => [s.file, s.line, s.rule])).toEqual([
      ["config/prod.env", 1, "exec-reports/stripe"],
      ["config/prod.env", 2, "exec-reports/stripe"],
      [`commit ${app.value.commits[1]!.sha.slice(0, 7)} message`, 3, "exec-reports/stripe"],
    ]);
    expect(app.value.dependencyScanning).toEqual([".github/workflows/audit.yml"]);
    // The built repository stays for a newcomer to look at; the keys it holds are in no fact.
    const prod = await readFile(path.join(cacheDir, "ledgerly-app", "config", "prod.env"), "utf8");
    const keys = prod.match(/sk_live_[A-Za-z0-9]+/g)!;
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    for (const k of keys) expect(JSON.stringify(facts)).not.toContain(k);
    // Stable across runs: the same history gives the same commits.
    const again = await new LocalGitSource({ cacheDir }).repos(inv.repos.repos, ctx);
    const b = again["ledgerly-app"]!;
    expect(isPresent(b) && b.value.commits.map((c) => c.sha)).toEqual(app.value.commits.map((c) => c.sha));
    expect(facts["shop-theme"] && isPresent(facts["shop-theme"]) && facts["shop-theme"].value.contentScanned).toBe(false);
  }, 60_000);

  it("refuses a history whose file paths leave the repository, naming file and line", async () => {
    const dir = await tempDir("exec-recorded-bad-");
    await writeFile(
      path.join(dir, "h.yaml"),
      'authors: { a: { name: A, email: a@example.com } }\ncommits:\n  - { author: a, date: "2027-03-09T10:00:00Z", message: m, files: { "../escape": x } }\n',
    );
    const inv = await fixture();
    const ctx = { period: parsePeriod("2027-W10"), inventory: inv, dataDir: dir, log: memoryLogger(), now: () => NOW };
    const facts = await new LocalGitSource({ cacheDir: path.join(dir, "cache") }).repos(
      [{ id: "bad", entity: "ledgerly", history: "h.yaml" }],
      ctx,
    );
    const bad = facts.bad!;
    expect("missing" in bad && bad.missing).toMatch(
      /h\.yaml:3 commits\[0\]\.files: "\.\.\/escape" — expected a path inside the repository/,
    );
  });
});
