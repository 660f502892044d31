/** Fault drill on the offline edges: a source down, a crash between claim and send, a mailer that fails. */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditEntry, CLAIM_TIMEOUT_MS } from "../../src/audit/audit-log.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { missing } from "../../src/collect/snapshot.js";
import type { GitSource, MetricsSource } from "../../src/collect/sources/source.js";
import type { Mailer, OutgoingEmail } from "../../src/delivery/mailer.js";
import { OutboxMailer } from "../../src/delivery/outbox.js";
import { type Edges, type RunOptions, run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { tempDir } from "../helpers/cli.js";
import { DATA_DIR, NOW, PERIOD } from "../helpers/sample.js";

const opts = (outDir: string, over: Partial<RunOptions> = {}): RunOptions => ({
  dataDir: DATA_DIR,
  outDir,
  roles: ["ceo", "cto", "cfo", "cmo", "accounting"],
  period: PERIOD,
  force: false,
  dryRun: false,
  env: {},
  now: () => NOW,
  ...over,
});

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
    const r = await run(opts(out), log, { metrics: down, git: quickGit });
    expect(r.ok).toBe(true);
    expect(r.roles.map((x) => x.status)).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    const cto = r.roles.find((x) => x.role === "cto")!.report!;
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
    const r = await run(opts(out, { roles: ["cto"] }), memoryLogger(), { git: down });
    const cto = r.roles[0]!.report!;
    expect(r.roles[0]!.status).toBe("sent");
    for (const id of ["commits-in-period", "repos-with-dependency-scanning"])
      expect(cto.kpis.find((k) => k.id === id)!.status).toBe("missing");
    expect(cto.summary.join(" ")).toContain("Bad credentials");
  });

  it("a business dataset that is missing turns its KPIs missing, not zero", async () => {
    const out = await tempDir();
    const r = await run(opts(out, { roles: ["cfo"] }), memoryLogger(), {
      git: quickGit,
      business: {
        name: "dynamodb",
        datasets: async () => ({ revenue: missing("ResourceNotFoundException: table jada-revenue", "dynamodb jada-revenue") }),
      },
    });
    const cfo = r.roles[0]!.report!;
    for (const id of ["burn-low", "burn-high", "runway", "deferred-revenue"]) {
      const k = cfo.kpis.find((x) => x.id === id)!;
      expect(k.value).toBeNull();
      expect(k.status === "missing" && k.missing).toContain("ResourceNotFoundException");
    }
    expect(cfo.kpis.find((x) => x.id === "cash")!.status).not.toBe("missing");
    expect(r.roles[0]!.status).toBe("sent");
  });

  it("a run killed between claim and send: the rerun waits out the claim, then sends exactly one email", async () => {
    const out = await tempDir();
    let now = NOW;
    const clock = () => now;
    // The crashed run: it claimed the report id and died before sending.
    await new FileAuditLog(out, clock).claim({
      reportId: `cfo.all.${PERIOD}`,
      role: "cfo",
      period: PERIOD,
      scope: "all",
      startedAt: NOW.toISOString(),
      force: false,
    });
    const soon = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
      git: quickGit,
      audit: new FileAuditLog(out, clock),
    });
    expect(soon.roles[0]!.status).toBe("skipped");
    now = new Date(NOW.getTime() + CLAIM_TIMEOUT_MS + 1000);
    const later = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
      git: quickGit,
      audit: new FileAuditLog(out, clock),
    });
    expect(later.roles[0]!.status).toBe("sent");
    const again = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
      git: quickGit,
      audit: new FileAuditLog(out, clock),
    });
    expect(again.roles[0]!.status).toBe("skipped");
    expect(await readdir(path.join(out, "outbox"))).toEqual([`cfo.all.${PERIOD}.eml`]);
    expect((await auditLines(out)).map((l) => l.status)).toEqual(["skipped", "sent", "skipped"]);
  });

  it("a run that dies after claiming (OUT not writable) releases its claims; the rerun sends at once", async () => {
    const out = await tempDir();
    // snapshot.json as a directory: the write after collection fails, after every role has claimed.
    await mkdir(path.join(out, "snapshot.json", "blocker"), { recursive: true });
    await expect(run(opts(out, { roles: ["cfo", "cmo"] }), memoryLogger(), { git: quickGit })).rejects.toThrow(/snapshot\.json/);
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
    await rm(path.join(out, "snapshot.json"), { recursive: true });
    const rerun = await run(opts(out, { roles: ["cfo", "cmo"] }), memoryLogger(), { git: quickGit });
    expect(rerun.roles.map((x) => x.status)).toEqual(["sent", "sent"]);
  });

  it("an audit log that cannot read the KPI history fails the role and releases its claim", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const broken = Object.assign(Object.create(audit) as FileAuditLog, {
      lastKpis: async () => {
        throw new Error("history.json: Unexpected token");
      },
    });
    const r = await run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit, audit: broken });
    expect(r.roles[0]).toMatchObject({ status: "failed", error: "history.json: Unexpected token" });
    expect((await auditLines(out)).map((l) => [l.status, l.error])).toEqual([["failed", "history.json: Unexpected token"]]);
    expect((await run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit })).roles[0]!.status).toBe("sent");
  });

  it("who a failed attempt reached survives a later failure before sending, and the final send skips them", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const id = `cfo.all.${PERIOD}`;
    // Attempt 1 reached the bookkeeper (Bcc) and then failed.
    await audit.claim({ reportId: id, role: "cfo", period: PERIOD, scope: "all", startedAt: NOW.toISOString(), force: false });
    await audit.progress(id, { to: ["bookkeeper@example.com"], messageIds: ["<m1@example.com>"] });
    await audit.record({
      reportId: id,
      role: "cfo",
      period: PERIOD,
      scope: "all",
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
      send: async () => {
        throw new Error("connect ETIMEDOUT");
      },
    };
    expect((await run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit, mailer: down, audit })).roles[0]!.status).toBe(
      "failed",
    );
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "failed",
      messageIds: ["<m1@example.com>"],
      deliveredTo: ["bookkeeper@example.com"],
    });
    // Attempt 3 sends to the CFO only, and the audit lists both messages.
    const third = await run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit, audit });
    expect(third.roles[0]!.status).toBe("sent");
    const eml = await readFile(path.join(out, "outbox", `${id}.eml`), "utf8");
    expect(eml).toMatch(/^To: cfo@example\.com$/m);
    expect(eml).not.toMatch(/bookkeeper@example\.com/);
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "sent",
      messageIds: ["<m1@example.com>", third.roles[0]!.messageIds[1]],
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
      send: async () => (sends.push(who), { messageIds: [`<${who}@example.com>`] }),
    });
    const slow: GitSource = {
      name: "git-recorded",
      repos: async () => {
        // Run A's claim (started with the collection) is written; the collection then waits out a rate limit longer
        // than the claim timeout, and run B comes.
        const claimFile = path.join(out, ".claims", `cfo.all.${PERIOD}.json`);
        for (let i = 0; i < 500 && !(await readFile(claimFile, "utf8").catch(() => "")).includes('"sending"'); i++)
          await new Promise((r) => setTimeout(r, 10));
        now = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 60_000);
        const b = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
          git: quickGit,
          mailer: mailer("B"),
          audit: new FileAuditLog(out, clock),
        });
        expect(b.roles[0]!.status).toBe("sent");
        return {};
      },
    };
    const log = memoryLogger();
    const a = await run(opts(out, { roles: ["cfo"], now: clock }), log, {
      git: slow,
      mailer: mailer("A"),
      audit: new FileAuditLog(out, clock),
    });
    expect(sends).toEqual(["B"]);
    expect(a.roles[0]!.status).toBe("skipped");
    expect(log.lines).toContain(
      `warning: cfo: skipped: another run took over the claim while this one was working (it was older than ${CLAIM_TIMEOUT_MS / 60_000} minutes)`,
    );
    expect((await auditLines(out)).map((l) => l.status)).toEqual(["sent", "skipped"]);
  });

  it("a report sent whose audit write then failed is not sent again when a later run takes the claim over", async () => {
    const out = await tempDir();
    let now = NOW;
    const clock = () => now;
    let sends = 0;
    const mailer: Mailer = {
      name: "ses",
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
    const first = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
      git: quickGit,
      mailer,
      audit: new FailingSentRecord(out, clock),
    });
    expect(first.roles[0]).toMatchObject({
      status: "failed",
      error:
        "sent (<m1@example.com>), but the audit write failed: ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput.",
    });
    now = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 60_000);
    const later = await run(opts(out, { roles: ["cfo"], now: clock }), memoryLogger(), {
      git: quickGit,
      mailer,
      audit: new FileAuditLog(out, clock),
    });
    expect(later.roles[0]!.status).toBe("sent");
    expect(sends).toBe(1);
    expect(later.roles[0]!.messageIds).toEqual(["<m1@example.com>"]);
  });

  it("a run that dies after claiming keeps who an earlier attempt reached on the record", async () => {
    const out = await tempDir();
    const audit = new FileAuditLog(out, () => NOW);
    const id = `cfo.all.${PERIOD}`;
    await audit.claim({ reportId: id, role: "cfo", period: PERIOD, scope: "all", startedAt: NOW.toISOString(), force: false });
    await audit.record({
      reportId: id,
      role: "cfo",
      period: PERIOD,
      scope: "all",
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
    await mkdir(path.join(out, "snapshot.json", "blocker"), { recursive: true });
    await expect(run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit, audit })).rejects.toThrow(/snapshot\.json/);
    expect((await auditLines(out)).at(-1)).toMatchObject({
      status: "failed",
      deliveredTo: ["bookkeeper@example.com"],
      messageIds: ["<m1@example.com>"],
    });
    await rm(path.join(out, "snapshot.json"), { recursive: true });
    expect((await run(opts(out, { roles: ["cfo"] }), memoryLogger(), { git: quickGit, audit })).roles[0]!.status).toBe("sent");
    expect(await readFile(path.join(out, "outbox", `${id}.eml`), "utf8")).not.toMatch(/bookkeeper@example\.com/);
  });

  it("a board that is down does not stop the report; the summary says the board is behind", async () => {
    const out = await tempDir();
    const log = memoryLogger();
    const r = await run(opts(out, { roles: ["cfo"] }), log, {
      git: quickGit,
      board: {
        name: "github",
        sync: async () => {
          throw new Error("HttpError: Server Error (502)");
        },
      },
    });
    expect(r.roles[0]!.status).toBe("sent");
    expect(r.roles[0]!.report!.summary.at(-1)).toBe(
      "The github board was not updated: HttpError: Server Error (502). The next run will catch up.",
    );
    expect(r.roles[0]!.report!.actions.every((a) => a.cardUrl === undefined)).toBe(true);
    expect(log.lines.some((l) => l.startsWith("warning: cfo: The github board was not updated"))).toBe(true);
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
      await run(opts(out, { roles: ["cfo"], dryRun }), memoryLogger(), { git, board });
      expect(calls, dryRun ? "dry run" : "run").toEqual(dryRun ? ["collect"] : ["prefetch", "collect", "sync"]);
    }
  });

  it("notices weeks that were never reported", async () => {
    const out = await tempDir();
    await run(opts(out, { roles: ["cfo"], period: "2026-W45" }), memoryLogger(), { git: quickGit });
    const log = memoryLogger();
    const r = await run(opts(out, { roles: ["cfo"] }), log, { git: quickGit });
    const note = "No cfo report was made for 2026-W46, 2026-W47 (last: 2026-W45); run with --period 2026-W46 to fill the gap.";
    expect(r.roles[0]!.report!.summary[1]).toBe(note);
    expect(log.lines).toContain(`warning: ${note}`);
  });

  it("a mailer that fails fails only its role, audits the error, and the rerun sends", async () => {
    const out = await tempDir();
    const outbox = new OutboxMailer(path.join(out, "outbox"));
    let fail = true;
    const flaky: Mailer = {
      name: "ses",
      send: async (e: OutgoingEmail) => {
        if (fail && e.reportId.startsWith("cmo.")) throw new Error("MessageRejected: Email address is not verified.");
        return outbox.send(e);
      },
    };
    const edges: Partial<Edges> = { mailer: flaky, git: quickGit };
    const first = await run(opts(out), memoryLogger(), edges);
    expect(first.ok).toBe(false);
    expect(first.roles.map((x) => [x.role, x.status])).toEqual([
      ["ceo", "sent"],
      ["cto", "sent"],
      ["cfo", "sent"],
      ["cmo", "failed"],
      ["accounting", "sent"],
    ]);
    const failed = (await auditLines(out)).find((l) => l.role === "cmo")!;
    expect(failed).toMatchObject({ status: "failed", error: "MessageRejected: Email address is not verified.", messageIds: [] });
    fail = false;
    const second = await run(opts(out), memoryLogger(), edges);
    expect(second.roles.map((x) => x.status)).toEqual(["skipped", "skipped", "skipped", "sent", "skipped"]);
    expect((await readdir(path.join(out, "outbox"))).length).toBe(5);
  });
});
