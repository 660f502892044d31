import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintWorkflows } from "../../scripts/lint-workflows.js";
import { ROOT } from "../helpers/sample.js";
import { type Job, readRepoFile as read, readWorkflow as workflow } from "../helpers/workflow.js";

const WORKFLOWS = [".github/workflows/reports.yml", ".github/workflows/ci.yml", ".github/workflows/release.yml"];

describe("workflows", () => {
  it("actionlint reports no problem in any workflow", async () => {
    const { files, problems } = await lintWorkflows();
    expect(files.map((f) => path.relative(ROOT, f)).sort()).toEqual(expect.arrayContaining(WORKFLOWS));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it("actionlint does catch a bad workflow (the check can fail)", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const os = await import("node:os");
    const dir = await mkdtemp(path.join(os.tmpdir(), "exec-actionlint-"));
    try {
      await writeFile(
        path.join(dir, "bad.yml"),
        'on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
      );
      const { problems } = await lintWorkflows(dir);
      expect(problems.map((p) => p.message).join("\n")).toMatch(/potentially untrusted/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("pins every third-party action by full commit SHA with a version comment, and never expands inputs or event data in run:", async () => {
    for (const f of WORKFLOWS) {
      const text = await read(f);
      for (const line of text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l))) {
        const ref = line.replace(/^\s*(- )?uses:\s*/, "");
        if (ref.startsWith("./")) continue;
        expect(ref, `${f}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      }
      for (const job of Object.values((await workflow(f)).jobs)) {
        for (const s of job.steps.filter((x) => x.run))
          expect(s.run, `${f}: run: must take inputs through env:`).not.toMatch(/\$\{\{\s*(inputs\.|github\.event\.)/);
      }
    }
  });

  it("reports.yml: hourly off-peak plan job, dispatch by audience and period, a report matrix per (audience, period), least privilege, one concurrency group per report id, OIDC from variables, the local action, an artifact", async () => {
    const w = await workflow(".github/workflows/reports.yml");
    const [cron] = (w.on.schedule as { cron: string }[]).map((s) => s.cron);
    const [minute, hour, dom, month, dow] = cron!.split(" ");
    expect(Number(minute)).toBeGreaterThan(0);
    expect(Number(minute) % 15, "not on a quarter hour, where runs bunch up").not.toBe(0);
    // Every hour: each audience goes out at its own local send hour (the plan decides what is due).
    expect([hour, dom, month, dow]).toEqual(["*", "*", "*", "*"]);
    const inputs = w.on.workflow_dispatch.inputs;
    expect(inputs.audience).toMatchObject({ type: "string", default: "" });
    expect(inputs.period).toMatchObject({ type: "string", default: "" });
    expect(inputs.dry_run.type).toBe("boolean");
    expect(inputs.force.type).toBe("boolean");
    expect(w.permissions).toEqual({});
    const declared = Object.keys((parse(await read("action.yml")) as { inputs: Record<string, unknown> }).inputs);

    const plan = w.jobs.plan!;
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    const planStep = plan.steps.find((s) => s.uses === "./")!;
    expect(planStep.with).toMatchObject({ command: "plan", audience: "${{ inputs.audience }}", period: "${{ inputs.period }}" });
    expect(declared).toEqual(expect.arrayContaining(Object.keys(planStep.with ?? {})));
    expect((plan as Job & { outputs?: Record<string, string> }).outputs).toMatchObject({
      matrix: expect.stringContaining("steps.plan.outputs.matrix"),
      count: expect.stringContaining("steps.plan.outputs.count"),
    });

    const job = w.jobs.report! as Job & { needs?: string; if?: string };
    expect(job.needs).toBe("plan");
    expect(job.if).toContain("needs.plan.outputs.count != '0'");
    expect(job.permissions).toEqual({ contents: "read", issues: "write", "id-token": "write" });
    expect(job.strategy?.["fail-fast"]).toBe(false);
    expect(String(job.strategy?.matrix)).toContain("fromJSON(needs.plan.outputs.matrix)");
    expect(job.concurrency).toEqual({ group: "${{ matrix.concurrency }}", "cancel-in-progress": false });
    const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with).toMatchObject({ "role-to-assume": "${{ vars.AWS_ROLE_ARN }}", "aws-region": "${{ vars.AWS_REGION }}" });
    const action = job.steps.find((s) => s.uses === "./")!;
    expect(action.with).toMatchObject({ audience: "${{ matrix.audience }}", period: "${{ matrix.period }}" });
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.if).toContain("always()");
    expect(upload.with?.path).toBe("${{ steps.report.outputs.artifact-paths }}");
    // Every input the workflow passes exists in action.yml.
    expect(declared).toEqual(expect.arrayContaining(Object.keys(action.with ?? {})));
  });

  it("ci.yml: install, typecheck, test, check-dist, actionlint", async () => {
    const steps = Object.values((await workflow(".github/workflows/ci.yml")).jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
    for (const cmd of ["npm ci", "npm run typecheck", "npx vitest run", "npm run check-dist", "npm run lint:workflows"])
      expect(steps).toContain(cmd);
  });

  it("release.yml: on a version tag, tests and checks dist/ read-only, then releases and moves the major tag with contents: write alone", async () => {
    const w = await workflow(".github/workflows/release.yml");
    expect(w.on).toEqual({ push: { tags: ["v*.*.*"] } });
    expect(w.permissions).toEqual({});
    const { verify, release } = w.jobs;
    expect(verify!.permissions).toEqual({ contents: "read" });
    const checks = verify!.steps.map((s) => s.run ?? "");
    for (const cmd of ["npm ci", "npx vitest run", "npm run check-dist", "npm run lint:workflows"]) expect(checks).toContain(cmd);
    expect(checks.join("\n")).toMatch(/require\("\.\/package\.json"\)\.version/);
    expect((release as Job & { needs?: string }).needs).toBe("verify");
    expect(release!.permissions).toEqual({ contents: "write" });
    const script = release!.steps.map((s) => s.run ?? "").join("\n");
    expect(script).toMatch(/gh release create "\$GITHUB_REF_NAME"/);
    expect(script).toMatch(/major="\$\{GITHUB_REF_NAME%%\.\*\}"/);
    expect(script).toMatch(/git\/refs\/tags\/\$major" -f sha="\$GITHUB_SHA" -F force=true/);
    for (const job of Object.values(w.jobs))
      for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/checkout@"))) expect(s.with?.["persist-credentials"]).toBe(false);
  });

  it("release.yml's notes script takes one version's CHANGELOG section and nothing after it", async () => {
    const { execFileSync } = await import("node:child_process");
    const step = (await workflow(".github/workflows/release.yml")).jobs.release!.steps.find(
      (s) => s.name === "Release notes from CHANGELOG.md",
    )!;
    const awk = /awk -v v="\$version" '([\s\S]*?)' CHANGELOG\.md/.exec(step.run!)![1]!;
    const changelog =
      "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-12-01\n\n### Added\n\n- one\n\n## [1.1.0] - 2026-11-01\n\n- old\n\n[1.2.0]: https://example.com\n";
    const notes = execFileSync("awk", ["-v", "v=1.2.0", awk], { input: changelog, encoding: "utf8" });
    expect(notes.trim()).toBe("### Added\n\n- one");
    expect(await read("CHANGELOG.md")).toMatch(/^## \[Unreleased\]$/m);
  });

  it("action.yml runs dist/index.js on node24 and has branding", async () => {
    const a = parse(await read("action.yml")) as {
      name: string;
      description: string;
      branding: { icon: string; color: string };
      runs: { using: string; main: string };
    };
    expect(a.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(a.name).toBeTruthy();
    expect(a.description.length).toBeGreaterThan(20);
    expect(a.branding.icon && a.branding.color).toBeTruthy();
  });
});
