/** `npm run archive` as the fan-in job runs it: folders of downloaded artifacts in, one commit out, sha in GITHUB_OUTPUT. */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitAuthEnv } from "../../src/archive/git.js";
import { archiveReport } from "../../src/archive/writer.js";
import { archiveCommand } from "../../src/commands/archive.js";
import { ROOT } from "../helpers/sample.js";
import { fixtureReport } from "./fixture.js";

let tmp: string;
let remote: string;
let artifacts: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "exec-archive-cmd-"));
  remote = path.join(tmp, "remote.git");
  execFileSync("git", ["init", "-q", "--bare", remote]);
  // download-artifact's layout: one folder per artifact, each an OUT folder's archive/.
  artifacts = path.join(tmp, "artifacts");
  for (const a of ["ceo", "cfo"])
    await archiveReport(
      { report: fixtureReport({ audience: a, period: "2026-W48", values: { cash: 1 } }), markdown: "x" },
      { outDir: path.join(artifacts, `exec-reports-${a}-1`) },
    );
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("npm run archive", () => {
  it("commits every artifact's reports to the branch, names the run in the message and writes the sha to GITHUB_OUTPUT", async () => {
    const output = path.join(tmp, "github-output");
    await writeFile(output, "");
    const run = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/commands/archive.ts", "--remote", remote, "--quiet", artifacts],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: tmp,
          GITHUB_OUTPUT: output,
          GITHUB_REPOSITORY: "example-org/ops",
          GITHUB_RUN_ID: "42",
          GITHUB_SERVER_URL: "https://github.test",
          ARCHIVE_BRANCH: "reports-archive",
        },
      },
    );
    const sha = execFileSync("git", ["rev-parse", "reports-archive"], { cwd: remote, encoding: "utf8" }).trim();
    expect(run.stdout.trim()).toBe(`reports-archive ${sha}`);
    expect(await readFile(output, "utf8")).toBe(`sha=${sha}\nbranch=reports-archive\nreports=2\n`);
    const msg = execFileSync("git", ["log", "-1", "--format=%B", sha], { cwd: remote, encoding: "utf8" }).trim();
    expect(msg).toBe("Archive 2 reports: ceo.2026-W48, cfo.2026-W48\n\nRun: https://github.test/example-org/ops/actions/runs/42");
  });

  it("explains what is missing", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      expect(await archiveCommand([artifacts], {})).toBe(1);
      expect(await archiveCommand(["--remote", remote], {})).toBe(1);
      expect(await archiveCommand(["--bogus"], {})).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors[0]).toMatch(/--remote is required outside GitHub Actions/);
    expect(errors[1]).toMatch(/name at least one folder/);
  });

  it("sends the token as git's HTTP header through the environment, scoped to the remote's host", () => {
    const env = gitAuthEnv("https://github.com/example-org/ops.git", "t0ken-for-test");
    expect(env).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.https://github.com/.extraheader",
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from("x-access-token:t0ken-for-test").toString("base64")}`,
    });
  });
});
