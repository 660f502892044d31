/**
 * The workflows of the archive: the fan-in job handed to the lead (test/archive/archive-job.yml) spliced into
 * reports.yml passes actionlint, and pages.yml is off by default, least-privilege and pinned by commit SHA.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintWorkflows } from "../../scripts/lint-workflows.js";
import { type Job, readRepoFile as read, type Step, type Workflow } from "../helpers/workflow.js";

const PIN = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/;

/** The fan-in as it stands in reports.yml: the report job's archive upload and the archive job. */
async function fanIn(): Promise<{ up: Step; job: Job }> {
  const w = parse(await read(".github/workflows/reports.yml")) as Workflow;
  const up = w.jobs.report!.steps.find((x) => x.name === "Upload the archived report for the fan-in")!;
  return { up, job: w.jobs.archive! };
}

describe("the fan-in job in reports.yml", () => {
  it("passes actionlint", async () => {
    const { problems } = await lintWorkflows();
    expect(problems.filter((p) => p.file.endsWith("reports.yml")).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it("needs the matrix, may write contents and nothing else, takes the token through env:, pins every action", async () => {
    const { up, job } = await fanIn();
    expect(job.needs).toBe("report");
    expect(job.if).toMatch(/always\(\) && !cancelled\(\) && .*!inputs\.dry_run/);
    expect(job.permissions).toEqual({ contents: "write", "id-token": "write" });
    const run = job.steps.find((s) => s.run?.startsWith("npm run archive"))!;
    expect(run.run).toBe("npm run archive -- --quiet artifacts");
    expect(run.env?.GITHUB_TOKEN).toBe("${{ github.token }}");
    for (const s of [up, ...job.steps].filter((x) => x.uses)) expect(`${s.uses}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    const text = await read(".github/workflows/reports.yml");
    for (const line of text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l) && !l.includes("uses: ./")))
      expect(line.replace(/^\s*(- )?uses:\s*/, "")).toMatch(PIN);
    const download = job.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))!;
    expect(download.with).toMatchObject({ path: "artifacts/archive", "merge-multiple": true });
    expect(String(download.with?.pattern)).toContain(String(up.with?.name).replace("${{ matrix.reportId }}", "*"));
  });
});

describe("pages.yml", () => {
  it("passes actionlint", async () => {
    const { problems } = await lintWorkflows();
    expect(problems.filter((p) => p.file.endsWith("pages.yml")).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it("is off by default: by hand, or after the reports when EXEC_REPORTS_PAGES is true", async () => {
    const w = parse(await read(".github/workflows/pages.yml")) as Workflow;
    expect(Object.keys(w.on).sort()).toEqual(["workflow_dispatch", "workflow_run"]);
    expect(w.on.workflow_run).toEqual({ workflows: ["Executive reports"], types: ["completed"] });
    expect(w.jobs.build!.if).toContain("github.event_name == 'workflow_dispatch' || (vars.EXEC_REPORTS_PAGES == 'true'");
    expect(await read(".github/workflows/pages.yml")).toMatch(/PUBLIC/);
  });

  it("least privilege, pinned actions, no input or event data in run:", async () => {
    const text = await read(".github/workflows/pages.yml");
    const w = parse(text) as Workflow;
    expect(w.permissions).toEqual({});
    expect(w.jobs.build!.permissions).toEqual({ contents: "read" });
    expect(w.jobs.deploy!.permissions).toEqual({ pages: "write", "id-token": "write" });
    for (const line of text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l))) expect(line.replace(/^\s*(- )?uses:\s*/, "")).toMatch(PIN);
    for (const job of Object.values(w.jobs)) for (const s of job.steps.filter((x) => x.run)) expect(s.run).not.toMatch(/\$\{\{/);
    const build = w.jobs.build!.steps.map((s) => s.run).filter(Boolean);
    expect(build).toEqual(["npm ci", "npm run site -- --archive archive-branch --out _site"]);
  });
});
