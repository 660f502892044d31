import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isPresent } from "../../src/collect/snapshot.js";
import { LocalGitSource, parseGitLog } from "../../src/collect/sources/git-local.js";
import { scanContent } from "../../src/collect/sources/secret-scan.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { tempDir } from "../helpers/cli.js";
import { NOW, ROOT, sampleInventory } from "../helpers/sample.js";

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
  it("finds a Stripe key by rule and line without returning the value", async () => {
    const key = fakeStripeKey();
    const hits = await scanContent("Code.gs", `function a() {}\nvar STRIPE = "${key}";\n`);
    expect(hits).toEqual([{ file: "Code.gs", line: 2, rule: "exec-reports/stripe" }]);
    expect(JSON.stringify(hits)).not.toContain(key);
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
    const { readFile } = await import("node:fs/promises");
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

    const inv = await sampleInventory();
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
    expect(r.value.secrets).toEqual([{ file: ".env", line: 1, rule: "exec-reports/stripe" }]);
    const gone = facts.gone!;
    expect("missing" in gone && gone.missing).toMatch(/cannot read the clone/);
  });

  it("parses numstat output and skips binary counts", () => {
    const out = "\x1eabc\x1fDev\x1f2026-11-24T10:00:00+00:00\x1fmsg\n\n3\t1\tsrc/a.ts\n-\t-\timg.png\n";
    expect(parseGitLog(out, "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z")).toEqual([
      { sha: "abc", author: "Dev", date: "2026-11-24T10:00:00.000Z", additions: 3, deletions: 1, message: "msg" },
    ]);
  });
});
