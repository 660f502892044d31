import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { selectNotifiers } from "../../src/wiring/select-notifiers.js";
import { edgesFor, reportOf, runOptions } from "../helpers/run.js";
import { DATA_DIR, NOW, PERIOD } from "../helpers/sample.js";
import { type Receiver, startReceiver } from "./receiver.js";

let rx: Receiver;
const dirs: string[] = [];
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(() => {
  rx.received.length = 0;
  rx.status = 200;
  rx.queue.length = 0;
});

async function runWith(audiences: string[], urls: { slack?: string; webhook?: string }, dryRun = true) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "exec-action-notify-"));
  dirs.push(outDir);
  const log = memoryLogger();
  const now = () => NOW;
  const notifiers = await selectNotifiers(
    { outDir, dataDir: DATA_DIR, env: {}, log, now, auto: true, slackWebhookUrl: urls.slack, webhookUrl: urls.webhook },
    { retryBaseMs: 5 },
  );
  const opts = runOptions(outDir, {
    select: { audiences, period: PERIOD },
    dryRun,
    now,
    runUrl: "https://github.com/example/reports/actions/runs/42",
  });
  const result = await run(opts, log, edgesFor(outDir, now, { notifiers }));
  return { result, log };
}

describe("Slack and JSON webhook notifications", () => {
  it("posts one Slack-format message per report (KPIs, counts, status, links, no secret) and the JSON summary to the webhook", async () => {
    const token = randomBytes(18).toString("hex");
    const url = rx.url(`/services/T0000/B0000/${token}`);
    const { result } = await runWith(["cfo", "cto"], { slack: url, webhook: rx.url("/hook") });
    expect(result.ok).toBe(true);
    const slack = rx.received.filter((m) => m.path.startsWith("/services/"));
    expect(slack).toHaveLength(2);
    for (const m of slack) {
      expect(m.path).toBe(`/services/T0000/B0000/${token}`);
      expect(m.headers["content-type"]).toMatch(/^application\/json/);
      expect(m.body).not.toContain(token);
      expect(m.body).not.toContain(url);
      const msg = JSON.parse(m.body) as { text: string; blocks: { type: string }[] };
      expect(msg.text).toMatch(/report 2026-W48: dry run/);
      expect(msg.blocks[0]).toMatchObject({ type: "header" });
      expect(msg.blocks.some((b) => b.type === "section" && "fields" in b)).toBe(true);
      expect(m.body).toContain("<https://github.com/example/reports/actions/runs/42|workflow run>");
    }
    expect(slack.map((m) => (JSON.parse(m.body) as { text: string }).text.slice(0, 10)).sort()).toEqual(["CFO report", "CTO report"]);

    const hooks = rx.received.filter((m) => m.path === "/hook").map((m) => JSON.parse(m.body));
    expect(hooks).toHaveLength(2);
    const cfo = reportOf(result, "cfo");
    expect(hooks.find((h) => h.role === "cfo")).toMatchObject({
      schema: "exec-reports.summary/1",
      reportId: cfo.reportId,
      status: "dry-run",
      counts: { kpis: cfo.counts.kpis, findings: cfo.counts.findings, actions: cfo.counts.actions },
    });
    expect(hooks[0].kpis[0]).toHaveProperty("delta");
    // A dashboard gets figures, not recipients.
    expect(rx.received.map((m) => m.body).join("\n")).not.toMatch(/@example\.com/);
  });

  it("a failed or unreachable post is a warning naming the cause, not the URL, and never fails the report", async () => {
    rx.status = 500;
    const dead = await startReceiver();
    const deadUrl = dead.url("/hook/secret-path");
    await dead.close();
    const { result, log } = await runWith(["cfo"], { slack: rx.url("/services/T/B/x"), webhook: deadUrl });
    expect(result.ok).toBe(true);
    expect(result.reports[0]!.status).toBe("dry-run");
    // 500 is retried: three attempts, each retry logged, then one warning.
    expect(rx.received).toHaveLength(3);
    expect(
      log.lines.filter((l) => /^warning: Slack webhook: HTTP 500 \(invalid_payload\); retry [12] of 2 in \d+ ms$/.test(l)),
    ).toHaveLength(2);
    const warnings = log.lines.filter((l) => l.startsWith("warning:") && l.includes("notification for cfo.2026-W48 failed"));
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.startsWith("warning: slack "))).toBe(
      "warning: slack notification for cfo.2026-W48 failed: Slack webhook: HTTP 500 (invalid_payload) after 3 attempts",
    );
    expect(warnings.find((w) => w.startsWith("warning: webhook "))).toMatch(/post failed \(ECONNREFUSED\) after 3 attempts/);
    expect(log.lines.join("\n")).not.toContain("secret-path");
  });

  it("retries 429 after its Retry-After and a 503, and delivers once; a 400 is not retried", async () => {
    rx.queue.push(429, 503);
    const { log } = await runWith(["cfo"], { slack: rx.url("/services/T/B/x") });
    expect(rx.received).toHaveLength(3);
    expect(log.lines.filter((l) => l.startsWith("warning: Slack webhook"))).toEqual([
      "warning: Slack webhook: HTTP 429 (rate_limited); retry 1 of 2 in 0 ms",
      "warning: Slack webhook: HTTP 503 (invalid_payload); retry 2 of 2 in 10 ms",
    ]);
    expect(log.lines.some((l) => l.includes("notification for cfo.2026-W48 failed"))).toBe(false);

    rx.received.length = 0;
    rx.queue.push(400);
    const second = await runWith(["cfo"], { slack: rx.url("/services/T/B/x") });
    expect(rx.received).toHaveLength(1);
    expect(second.log.lines).toContain("warning: slack notification for cfo.2026-W48 failed: Slack webhook: HTTP 400 (invalid_payload)");
  });
});
