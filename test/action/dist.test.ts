import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bundle, DIST_FILE } from "../../scripts/bundle.js";
import { DATA_DIR, ROOT } from "../helpers/sample.js";
import { startReceiver } from "./receiver.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function temp(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), "exec-action-dist-"));
  dirs.push(d);
  return d;
}

/** The runner's INPUT_ names: upper case, spaces to underscores, hyphens kept. */
const inputEnv = (name: string) => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

/** Every input at its action.yml default (as the runner sets them), then the given values. */
async function runnerInputs(values: Record<string, string>): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }> };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs))
    env[inputEnv(name)] = String(spec.default ?? "").includes("${{") ? "" : String(spec.default ?? "");
  for (const [name, v] of Object.entries(values)) env[inputEnv(name)] = v;
  return env;
}

/** Runs dist/index.js the way the runner does: node, INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function runDist(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const dir = await temp();
  const files = { output: path.join(dir, "output.txt"), summary: path.join(dir, "summary.md") };
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: "example/reports",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: dir,
    ...(await runnerInputs({
      "data-dir": DATA_DIR,
      "out-dir": path.join(dir, "out"),
      period: "2026-W48",
      mailer: "outbox",
      audit: "file",
      board: "file",
      git: "local",
      metrics: "file",
      ...inputs,
    })),
    ...extraEnv,
  };
  // No shell in between: /bin/sh drops variables whose names hold a hyphen (INPUT_DRY-RUN).
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [DIST_FILE], { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    ),
  );
  const outputs: Record<string, string> = {};
  const text = await readFile(files.output, "utf8");
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return { code, stdout, stderr, outputs, summary: await readFile(files.summary, "utf8"), dir };
}

describe("dist/index.js", () => {
  it("is current: a fresh bundle of the sources is byte-identical (run `npm run bundle` and commit dist/ if not)", async () => {
    const out = path.join(await temp(), "index.js");
    await bundle(out);
    const [fresh, committed] = await Promise.all([readFile(out), readFile(DIST_FILE)]);
    expect(
      fresh.equals(committed),
      `dist/index.js is stale (${committed.length} bytes committed, ${fresh.length} built): run \`npm run bundle\` and commit dist/`,
    ).toBe(true);
  });

  it("runs as the runner would: dry run of one audience writes outputs, the job summary and one masked Slack message", async () => {
    const rx = await startReceiver();
    try {
      const token = randomBytes(16).toString("hex");
      const r = await runDist({ audience: "cfo", "dry-run": "true", "slack-webhook-url": rx.url(`/services/T1/B1/${token}`) });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.outputs).toMatchObject({ "report-id": "cfo.2026-W48", status: "dry-run", "out-dir": path.join(r.dir, "out") });
      for (const k of ["kpis", "findings", "actions", "missing-kpis"]) expect(r.outputs[k]).toMatch(/^\d+$/);
      expect(Number(r.outputs.kpis)).toBeGreaterThan(0);
      expect(r.outputs["html-path"]).toBe(path.join(r.dir, "out", "reports", "cfo.html"));
      expect(existsSync(r.outputs["html-path"]!)).toBe(true);

      expect(r.summary).toContain("# exec-reports · 2026-W48");
      expect(r.summary).toContain("`cfo.2026-W48`");
      expect(r.summary).toContain("| KPI | Value | Δ vs previous | Target | Status |");
      expect(r.summary).toContain("**Findings by severity:**");
      expect(r.summary).toContain("dry run");
      expect(r.summary).toContain("https://github.com/example/reports/actions/runs/4242");

      // The webhook URL is registered as a secret before anything else, and printed nowhere else.
      const lines = r.stdout.split("\n").filter((l) => l.includes(token));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.startsWith("::add-mask::"))).toBe(true);
      expect(rx.received).toHaveLength(1);
      expect(rx.received[0]!.body).not.toContain(token);
      expect(JSON.parse(rx.received[0]!.body).text).toMatch(/^CFO report 2026-W48/);
    } finally {
      await rx.close();
    }
  });

  it("a failed report fails the job with an error annotation that says why", async () => {
    const dir = await temp();
    // The outbox path is a file, so delivery fails for this role.
    await mkdir(path.join(dir, "out"), { recursive: true });
    await writeFile(path.join(dir, "out", "outbox"), "not a directory");
    const r = await runDist({ audience: "cfo", "out-dir": path.join(dir, "out") });
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe("failed");
    expect(r.stdout).toMatch(/^::error::exec-reports cfo\.2026-W48 failed: .+/m);
    expect(r.summary).toContain("❌ failed");
  });

  it("plans as the plan job would: the reports due at the clock as a matrix, one concurrency group each", async () => {
    const r = await runDist({ command: "plan", period: "", now: "2026-12-01T18:00:00Z" });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const matrix = JSON.parse(r.outputs.matrix!) as {
      include: { audience: string; period: string; reportId: string; concurrency: string }[];
    };
    expect(r.outputs.count).toBe(String(matrix.include.length));
    expect(matrix.include.map((e) => e.reportId)).toContain("cfo.2026-W48");
    expect(matrix.include.map((e) => e.reportId)).toContain("cfo-close.2026-11");
    expect(new Set(matrix.include.map((e) => e.concurrency)).size).toBe(matrix.include.length);
    expect(r.summary).toContain("# exec-reports plan · 2026-12-01T18:00:00.000Z");
  });

  it("without AWS reports honestly: status rendered, the summary says no email was sent, the artifact holds the .eml", async () => {
    const r = await runDist({ audience: "cfo", period: "2026-W48", mailer: "" });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe("rendered");
    expect(r.outputs["eml-path"]).toBe(path.join(r.dir, "out", "outbox", "cfo.2026-W48.eml"));
    expect(r.outputs["artifact-paths"]!.split("\n")).toContain(r.outputs["eml-path"]);
    expect(existsSync(r.outputs["eml-path"]!)).toBe(true);
    expect(r.summary).toContain("No email was sent");
    expect(r.summary).toContain("📝 rendered — no email was sent (outbox only)");
    expect(r.stdout).toMatch(/^::notice::No email was sent/m);
  });

  it("a scheduled run with no mail configuration fails with the reason and sends nothing", async () => {
    const r = await runDist({ audience: "cfo", period: "2026-W48", mailer: "" }, { GITHUB_EVENT_NAME: "schedule" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::a scheduled run has no mail configuration, so no email would leave/m);
    expect(existsSync(path.join(r.dir, "out", "outbox"))).toBe(false);
  });

  it("SES without a durable audit on Actions: exit 1 with the fix, nothing claimed, rendered or sent", async () => {
    const r = await runDist(
      { audience: "cfo", mailer: "ses", audit: "" },
      { SES_SENDER_EMAIL: "reports@example.com", AWS_REGION: "us-east-1" },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error::audit: the ses mailer sends real email but the audit is the file audit, .*expected AUDIT_TABLE set to a DynamoDB table/m,
    );
    expect(existsSync(path.join(r.dir, "out", "reports"))).toBe(false);
    expect(existsSync(path.join(r.dir, "out", ".claims"))).toBe(false);
  });

  it("bad inputs fail before anything runs, naming the input", async () => {
    const r = await runDist({ command: "send", "dry-run": "maybe" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::action input "command": expected report or plan/m);
    expect(r.stdout).toContain('action input "dry-run": expected true or false');
    expect(r.outputs).toEqual({});
  });
});
