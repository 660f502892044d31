/** Fault drill on the offline edges: a source down, a crash between claim and send, a mailer that fails. */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditEntry, CLAIM_TIMEOUT_MS } from "../../src/audit/audit-log.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { missing } from "../../src/collect/snapshot.js";
import { LocalGitSource } from "../../src/collect/sources/git-local.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { datasetSource, gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { DatasetSource, GitSource, MetricsSource } from "../../src/collect/sources/source.js";
import type { Mailer, OutgoingEmail } from "../../src/delivery/mailer.js";
import { OutboxMailer } from "../../src/delivery/outbox.js";
import { type Edges, type RunOptions, run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { tempDir } from "../helpers/cli.js";
import { DATA_DIR, NOW, PERIOD } from "../helpers/sample.js";

/** The sample's five all-entity audiences (named after their roles) for PERIOD, unless the test names others. */
const opts = (outDir: string, over: Partial<RunOptions> & { audiences?: string[]; period?: string } = {}): RunOptions => {
  const { audiences = ["ceo", "cto", "cfo", "cmo", "accounting"], period = PERIOD, ...rest } = over;
  return { dataDir: DATA_DIR, outDir, select: { audiences, period }, force: false, dryRun: false, env: {}, now: () => NOW, ...rest };
};

/** The offline edges under OUT, with a test's git, metrics or business source and any other edge replaced. */
function edges(
  out: string,
  o: Partial<Edges> & { git?: GitSource; metrics?: MetricsSource; business?: DatasetSource } = {},
  now: () => Date = () => NOW,
): Edges {
  const { git = new LocalGitSource(), metrics = new FileMetricsSource(), business, ...rest } = o;
  const sources = [gitSource(git), metricsSource(metrics), ...(business ? [datasetSource(business, ["revenue"])] : [])];
  return { ...offlineEdges(out, now), sources, ...rest };
}

/** A mailer that really delivers (as SES does): the outbox's files, with `sent` as the honest status. */
const delivering = (out: string, name = "ses"): Mailer => {
  const outbox = new OutboxMailer(path.join(out, "outbox"));
  return { name, delivers: true, send: (e, o) => outbox.send(e, o) };
};

/** Git facts are not under test here; a recorded-list source keeps each run fast. */
const quickGit: GitSource = { name: "git-recorded", repos: async () => ({}) };

const auditLines = async (out: string) =>
  (await readFile(path.join(out, "audit.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("fault drill (offline edges)", () => {
  it("a metrics source that is down marks its facts missing; every report is still sent", async () => {
    const out = await tempDir();
    const down: MetricsSource = {
      name: "cloudwatch",
      metrics: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      },
    };
    const log = memoryLogger();
    const r = await run(opts(out), log, edges(out, { metrics: down, git: quickGit }));
    expect(r.ok).toBe(true);
    // The outbox renders; no email leaves, so the honest status is rendered.
    expect(r.reports.map((x) => x.status)).toEqual(["rendered", "rendered", "rendered", "rendered", "rendered"]);
    const cto = r.reports.find((x) => x.role === "cto")!.report!;
    const k = cto.kpis.find((x) => x.id === "lambda-error-rate")!;
    expect(k.status === "missing" && k.missing).toBe("cloudwatch: connect ECONNREFUSED 127.0.0.1:9");
    expect(cto.sources.find((s) => s.name === "cloudwatch")).toEqual({
      name: "cloudwatch",
      ok: false,
      detail: "connect ECONNREFUSED 127.0.0.1:9",
    });
    expect(log.lines).toContain("warning: source cloudwatch: connect ECONNREFUSED 127.0.0.1:9");
  });

  it("a git source that fails marks every repository missing and the CTO's git KPIs missing", async () => {
    const out = await tempDir();
    const down: GitSource = {
      name: "github",
      repos: async () => {
        throw new Error("HttpError: Bad credentials");
      },
    };
    const r = await run(opts(out, { audiences: ["cto"] }), memoryLogger(), edges(out, { git: down }));
    const cto = r.reports[0]!.report!;
    expect(r.reports[0]!.status).toBe("rendered");
    for (const id of ["commits-in-period", "repos-with-dependency-scanning"])
      expect(cto.kpis.find((k) => k.id === id)!.status).toBe("missing");
    expect(cto.summary.join(" ")).toContain("Bad credentials");
  });

  it("a business dataset that is missing turns its KPIs missing, not zero", async () => {
    const out = await tempDir();
    const r = await run(
      opts(out, { audiences: ["cfo"] }),
      memoryLogger(),
      edges(out, {
        git: quickGit,
        business: {
          name: "dynamodb",
          datasets: async () => ({ revenue: missing("ResourceNotFoundException: table jada-revenue", "dynamodb jada-revenue") }),
        },
      }),
    );
    const cfo = r.reports[0]!.report!;
    for (const id of ["burn-low", "burn-high", "runway", "deferred-revenue"]) {
      const k = cfo.kpis.find((x) => x.id === id)!;
      expect(k.value).toBeNull();
      expect(k.status === "missing" && k.missing).toContain("ResourceNotFoundException");
    }
    expect(cfo.kpis.find((x) => x.id === "cash")!.status).not.toBe("missing");
    expect(r.reports[0]!.status).toBe("rendered");
  });

  it("a run killed between claim and send: the rerun waits out the claim, then sends exactly one email", async () => {
    const out = await tempDir();
    let now = NOW;
    const clock = () => now;
    // The crashed run: it claimed the report id and died before sending.
    await new FileAuditLog(out, clock).claim({
      reportId: `cfo.${PERIOD}`,
      role: "cfo",
      period: PERIOD,
      scope: "cfo",
      startedAt: NOW.toISOString(),
      force: false,
    });
    const mailer = delivering(out);
    const soon = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer, audit: new FileAuditLog(out, clock) }),
    );
    expect(soon.reports[0]!.status).toBe("skipped");
    now = new Date(NOW.getTime() + CLAIM_TIMEOUT_MS + 1000);
    const later = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer, audit: new FileAuditLog(out, clock) }),
    );
    expect(later.reports[0]!.status).toBe("sent");
    const again = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer, audit: new FileAuditLog(out, clock) }),
    );
    expect(again.reports[0]!.status).toBe("skipped");
    expect(await readdir(path.join(out, "outbox"))).toEqual([`cfo.${PERIOD}.eml`]);
    expect((await auditLines(out)).map((l) => l.status)).toEqual(["skipped", "sent", "skipped"]);
  });

  it("a report whose files cannot be written (OUT not writable) fails and releases its claim; the rerun renders at once", async () => {
    const out = await tempDir();
    // Each report's snapshot file as a directory: the write after analysis fails, after every report has claimed.
    for (const a of ["cfo", "cmo"]) await mkdir(path.join(out, "reports", `${a}.snapshot.json`, "blocker"), { recursive: true });
    const failed = await run(opts(out, { audiences: ["cfo", "cmo"] }), memoryLogger(), edges(out, { git: quickGit }));
    expect(failed.ok).toBe(false);
    expect(failed.reports.map((x) => [x.reportId, x.status])).toEqual([
      [`cfo.${PERIOD}`, "failed"],
      [`cmo.${PERIOD}`, "failed"],
    ]);
    expect(failed.reports[0]!.error).toMatch(/snapshot\.json/);
    const released = await auditLines(out);
    expect(released.map((l) => [l.role, l.status]).sort()).toEqual([
      ["cfo", "failed"],
      ["cmo", "failed"],
    ]);
    expect(released[0].error).toMatch(/snapshot\.json/);
    await readdir(path.join(out, "outbox")).then(
      (f) => expect(f).toEqual([]),
      (e: NodeJS.ErrnoException) => expect(e.code).toBe("ENOENT"),
    );
    await rm(path.join(out, "reports"), { recursive: true });
    const rerun = await run(opts(out, { audiences: ["cfo", "cmo"] }), memoryLogger(), edges(out, { git: quickGit }));
    expect(rerun.reports.map((x) => x.status)).toEqual(["rendered", "rendered"]);
  });

  it("a run that dies after claiming (an unexpected error, here the log's pipe closed) releases every claim and rethrows", async () => {
    const out = await tempDir();
    const down: MetricsSource = {
      name: "cloudwatch",
      metrics: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      },
    };
    // The warning about the source that is down is written after every report has claimed, and the write throws.
    const broken = {
      ...memoryLogger(),
      warn: (): void => {
        throw new Error("write EPIPE");
      },
    };
    await expect(run(opts(out, { audiences: ["cfo", "cmo"] }), broken, edges(out, { git: quickGit, metrics: down }))).rejects.toThrow(
      /EPIPE/,
    );
    expect((await auditLines(out)).map((l) => [l.reportId, l.status, l.error]).sort()).toEqual([
      [`cfo.${PERIOD}`, "failed", "write EPIPE"],
      [`cmo.${PERIOD}`, "failed", "write EPIPE"],
    ]);
    const rerun = await run(opts(out, { audiences: ["cfo", "cmo"] }), memoryLogger(), edges(out, { git: quickGit, metrics: down }));
    expect(rerun.reports.map((x) => x.status)).toEqual(["rendered", "rendered"]);
  });

  it("an audit log that cannot read the KPI history fails the role and releases its claim", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const broken = Object.assign(Object.create(audit) as FileAuditLog, {
      kpiHistory: async () => {
        throw new Error("history.json: Unexpected token");
      },
    });
    const r = await run(opts(out, { audiences: ["cfo"] }), memoryLogger(), edges(out, { git: quickGit, audit: broken }));
    expect(r.reports[0]).toMatchObject({ status: "failed", error: "history.json: Unexpected token" });
    expect((await auditLines(out)).map((l) => [l.status, l.error])).toEqual([["failed", "history.json: Unexpected token"]]);
    expect((await run(opts(out, { audiences: ["cfo"] }), memoryLogger(), edges(out, { git: quickGit }))).reports[0]!.status).toBe(
      "rendered",
    );
  });

  it("who a failed attempt reached survives a later failure before sending, and the final send skips them", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const id = `cfo.${PERIOD}`;
    // Attempt 1 reached the bookkeeper (Bcc) and then failed.
    await audit.claim({ reportId: id, role: "cfo", period: PERIOD, scope: "cfo", startedAt: NOW.toISOString(), force: false });
    await audit.progress(id, { to: ["bookkeeper@example.com"], messageIds: ["<m1@example.com>"] });
    await audit.record({
      reportId: id,
      role: "cfo",
      period: PERIOD,
      scope: "cfo",
      status: "failed",
      recipients: { to: [], bcc: [] },
      mailer: "ses",
      messageIds: ["<m1@example.com>"],
      deliveredTo: ["bookkeeper@example.com"],
      snapshotSha256: "",
      templateVersion: "t",
      forced: false,
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
      durationMs: 0,
      error: "x",
    });
    // Attempt 2 fails before anything goes out.
    const down: Mailer = {
      name: "ses",
      delivers: true,
      send: async () => {
        throw new Error("connect ETIMEDOUT");
      },
    };
    expect(
      (await run(opts(out, { audiences: ["cfo"] }), memoryLogger(), edges(out, { git: quickGit, mailer: down, audit }))).reports[0]!.status,
    ).toBe("failed");
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "failed",
      messageIds: ["<m1@example.com>"],
      deliveredTo: ["bookkeeper@example.com"],
    });
    // Attempt 3 sends to the CFO only, and the audit lists both messages.
    const third = await run(
      opts(out, { audiences: ["cfo"] }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer: delivering(out), audit }),
    );
    expect(third.reports[0]!.status).toBe("sent");
    const eml = await readFile(path.join(out, "outbox", `${id}.eml`), "utf8");
    expect(eml).toMatch(/^To: cfo@example\.com$/m);
    expect(eml).not.toMatch(/bookkeeper@example\.com/);
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "sent",
      messageIds: ["<m1@example.com>", third.reports[0]!.messageIds[1]],
      deliveredTo: ["bookkeeper@example.com", "cfo@example.com"],
    });
  });

  it("a run slower than the claim timeout: a second run takes the claim over and sends; the slow one finds out before sending and skips", async () => {
    const out = await tempDir();
    let now = NOW;
    const clock = () => now;
    const sends: string[] = [];
    const mailer = (who: string): Mailer => ({
      name: "ses",
      delivers: true,
      send: async () => (sends.push(who), { messageIds: [`<${who}@example.com>`] }),
    });
    const slow: GitSource = {
      name: "git-recorded",
      repos: async () => {
        // Run A's claim (started with the collection) is written; the collection then waits out a rate limit longer
        // than the claim timeout, and run B comes.
        const claimFile = path.join(out, ".claims", `cfo.${PERIOD}.json`);
        for (let i = 0; i < 500 && !(await readFile(claimFile, "utf8").catch(() => "")).includes('"sending"'); i++)
          await new Promise((r) => setTimeout(r, 10));
        now = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 60_000);
        const b = await run(
          opts(out, { audiences: ["cfo"], now: clock }),
          memoryLogger(),
          edges(out, { git: quickGit, mailer: mailer("B"), audit: new FileAuditLog(out, clock) }),
        );
        expect(b.reports[0]!.status).toBe("sent");
        return {};
      },
    };
    const log = memoryLogger();
    const a = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      log,
      edges(out, { git: slow, mailer: mailer("A"), audit: new FileAuditLog(out, clock) }),
    );
    expect(sends).toEqual(["B"]);
    expect(a.reports[0]!.status).toBe("skipped");
    expect(log.lines).toContain(`warning: cfo.${PERIOD}: skipped: another run took over the claim while this one was working`);
    expect((await auditLines(out)).map((l) => l.status)).toEqual(["sent", "skipped"]);
  });

  it("a report sent whose audit write then failed is not sent again when a later run takes the claim over", async () => {
    const out = await tempDir();
    let now = NOW;
    const clock = () => now;
    let sends = 0;
    const mailer: Mailer = {
      name: "ses",
      delivers: true,
      send: async (e, o) => {
        const skip = new Set((o?.skip ?? []).map((x) => x.toLowerCase()));
        if (![...e.to, ...e.bcc].some((x) => !skip.has(x.toLowerCase()))) return { messageIds: [] };
        sends++;
        return { messageIds: [`<m${sends}@example.com>`] };
      },
    };
    class FailingSentRecord extends FileAuditLog {
      override async record(e: AuditEntry): Promise<void> {
        if (e.status === "sent")
          throw new Error("ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput.");
        return super.record(e);
      }
    }
    const first = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer, audit: new FailingSentRecord(out, clock) }),
    );
    expect(first.reports[0]).toMatchObject({
      status: "failed",
      error:
        "sent (<m1@example.com>), but the audit write failed: ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput.",
    });
    now = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 60_000);
    const later = await run(
      opts(out, { audiences: ["cfo"], now: clock }),
      memoryLogger(),
      edges(out, { git: quickGit, mailer, audit: new FileAuditLog(out, clock) }),
    );
    expect(later.reports[0]!.status).toBe("sent");
    expect(sends).toBe(1);
    expect(later.reports[0]!.messageIds).toEqual(["<m1@example.com>"]);
  });

  it("a run that dies after claiming keeps who an earlier attempt reached on the record", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const id = `cfo.${PERIOD}`;
    await audit.claim({ reportId: id, role: "cfo", period: PERIOD, scope: "cfo", startedAt: NOW.toISOString(), force: false });
    await audit.record({
      reportId: id,
      role: "cfo",
      period: PERIOD,
      scope: "cfo",
      status: "failed",
      recipients: { to: [], bcc: [] },
      mailer: "ses",
      messageIds: ["<m1@example.com>"],
      deliveredTo: ["bookkeeper@example.com"],
      snapshotSha256: "",
      templateVersion: "t",
      forced: false,
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
      durationMs: 0,
      error: "x",
    });
    await mkdir(path.join(out, "reports", "cfo.snapshot.json", "blocker"), { recursive: true });
    const blocked = await run(opts(out, { audiences: ["cfo"] }), memoryLogger(), edges(out, { git: quickGit, audit }));
    expect(blocked.reports[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/snapshot\.json/) });
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "failed",
      deliveredTo: ["bookkeeper@example.com"],
      messageIds: ["<m1@example.com>"],
    });
    await rm(path.join(out, "reports"), { recursive: true });
    expect((await run(opts(out, { audiences: ["cfo"] }), memoryLogger(), edges(out, { git: quickGit, audit }))).reports[0]!.status).toBe(
      "rendered",
    );
    expect(await readFile(path.join(out, "outbox", `${id}.eml`), "utf8")).not.toMatch(/bookkeeper@example\.com/);
  });

  it("a board that is down does not stop the report; the summary says the board is behind", async () => {
    const out = await tempDir();
    const log = memoryLogger();
    const r = await run(
      opts(out, { audiences: ["cfo"] }),
      log,
      edges(out, {
        git: quickGit,
        board: {
          name: "github",
          sync: async () => {
            throw new Error("HttpError: Server Error (502)");
          },
        },
      }),
    );
    expect(r.reports[0]!.status).toBe("rendered");
    expect(r.reports[0]!.report!.summary.at(-1)).toBe(
      "The github board was not updated: HttpError: Server Error (502). The next run will catch up.",
    );
    expect(r.reports[0]!.report!.actions.every((a) => a.cardUrl === undefined)).toBe(true);
    expect(log.lines.some((l) => l.startsWith(`warning: cfo.${PERIOD}: The github board was not updated`))).toBe(true);
  });

  it("starts the board's listings before collecting, except in a dry run, which leaves the board alone", async () => {
    for (const dryRun of [false, true]) {
      const out = await tempDir();
      const calls: string[] = [];
      const git: GitSource = { name: "git-recorded", repos: async () => (calls.push("collect"), {}) };
      const board = {
        name: "probe",
        prefetch: () => void calls.push("prefetch"),
        sync: async () => (
          calls.push("sync"), { created: [], updated: [], closed: [], reopened: [], unchanged: [], cards: [], warnings: [] }
        ),
      };
      await run(opts(out, { audiences: ["cfo"], dryRun }), memoryLogger(), edges(out, { git, board }));
      expect(calls, dryRun ? "dry run" : "run").toEqual(dryRun ? ["collect"] : ["prefetch", "collect", "sync"]);
    }
  });

  it("notices weeks that were never reported", async () => {
    const out = await tempDir();
    await run(opts(out, { audiences: ["cfo"], period: "2026-W45" }), memoryLogger(), edges(out, { git: quickGit }));
    const log = memoryLogger();
    const r = await run(opts(out, { audiences: ["cfo"] }), log, edges(out, { git: quickGit }));
    const note = "No report was made for 2026-W46, 2026-W47 (last: 2026-W45); run with --audience cfo --period 2026-W46 to fill the gap.";
    expect(r.reports[0]!.report!.summary[1]).toBe(note);
    expect(log.lines).toContain(`warning: cfo.${PERIOD}: ${note}`);
  });

  it("a mailer that fails fails only its report, audits the error, and the rerun sends", async () => {
    const out = await tempDir();
    const outbox = new OutboxMailer(path.join(out, "outbox"));
    let fail = true;
    const flaky: Mailer = {
      name: "ses",
      delivers: true,
      send: async (e: OutgoingEmail) => {
        if (fail && e.reportId.startsWith("cmo.")) throw new Error("MessageRejected: Email address is not verified.");
        return outbox.send(e);
      },
    };
    const first = await run(opts(out), memoryLogger(), edges(out, { mailer: flaky, git: quickGit }));
    expect(first.ok).toBe(false);
    expect(first.reports.map((x) => [x.role, x.status])).toEqual([
      ["ceo", "sent"],
      ["cto", "sent"],
      ["cfo", "sent"],
      ["cmo", "failed"],
      ["accounting", "sent"],
    ]);
    const failed = (await auditLines(out)).find((l) => l.role === "cmo")!;
    expect(failed).toMatchObject({ status: "failed", error: "MessageRejected: Email address is not verified.", messageIds: [] });
    fail = false;
    const second = await run(opts(out), memoryLogger(), edges(out, { mailer: flaky, git: quickGit }));
    expect(second.reports.map((x) => x.status)).toEqual(["skipped", "skipped", "skipped", "sent", "skipped"]);
    expect((await readdir(path.join(out, "outbox"))).length).toBe(5);
  });
});
