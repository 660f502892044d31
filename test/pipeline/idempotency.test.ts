import { readFile, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditEntry, CLAIM_TIMEOUT_MS } from "../../src/audit/audit-log.js";
import { FileAuditLog } from "../../src/audit/file.js";
import type { CardSpec } from "../../src/board/board.js";
import { FileBoard } from "../../src/board/file-board.js";
import { tempDir } from "../helpers/cli.js";

const claim = (force = false) => ({
  reportId: "cfo.all.2026-W48",
  role: "cfo" as const,
  period: "2026-W48",
  scope: "all",
  startedAt: "2026-11-25T12:00:00Z",
  force,
});
const entry = (status: AuditEntry["status"]): AuditEntry => ({
  reportId: "cfo.all.2026-W48",
  role: "cfo",
  period: "2026-W48",
  scope: "all",
  status,
  recipients: { to: ["cfo@example.com"], bcc: [] },
  mailer: "outbox",
  messageIds: status === "sent" ? ["<m1@example.com>"] : [],
  snapshotSha256: "x",
  templateVersion: "t",
  forced: false,
  startedAt: "2026-11-25T12:00:00Z",
  finishedAt: "2026-11-25T12:00:01Z",
  durationMs: 1000,
});

describe("file audit log", () => {
  it("claims once; a sent report is refused unless forced", async () => {
    const log = new FileAuditLog(await tempDir(), () => new Date("2026-11-25T12:00:00Z"));
    expect(await log.claim(claim())).toEqual({ claimed: true, attempt: 1 });
    expect((await log.claim(claim())).claimed).toBe(false);
    await log.record(entry("sent"));
    const again = await log.claim(claim());
    expect(again).toMatchObject({ claimed: false, messageIds: ["<m1@example.com>"] });
    expect(await log.claim(claim(true))).toEqual({ claimed: true, attempt: 2 });
  });

  it("lets a failed attempt be retried, and a crashed claim after the timeout", async () => {
    let now = new Date("2026-11-25T12:00:00Z");
    const log = new FileAuditLog(await tempDir(), () => now);
    await log.claim(claim());
    await log.record(entry("failed"));
    expect((await log.claim(claim())).claimed).toBe(true);
    // This claim is never settled: the run "crashed".
    now = new Date(now.getTime() + CLAIM_TIMEOUT_MS - 1000);
    expect((await log.claim(claim())).claimed).toBe(false);
    now = new Date(now.getTime() + 2000);
    expect(await log.claim(claim())).toEqual({ claimed: true, attempt: 3 });
  });

  it("carries who already has the report from a failed or crashed attempt to the next claim, not to a forced one", async () => {
    let now = new Date("2026-11-25T12:00:00Z");
    const log = new FileAuditLog(await tempDir(), () => now);
    await log.claim(claim());
    await log.progress("cfo.all.2026-W48", { to: ["a@example.com"], messageIds: ["<m1@example.com>"] });
    now = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 1000);
    const resumed = await log.claim(claim());
    expect(resumed).toEqual({ claimed: true, attempt: 2, delivered: { to: ["a@example.com"], messageIds: ["<m1@example.com>"] } });
    await log.record({
      ...entry("failed"),
      messageIds: ["<m1@example.com>", "<m2@example.com>"],
      deliveredTo: ["a@example.com", "b@example.com"],
    });
    expect(await log.claim(claim())).toEqual({
      claimed: true,
      attempt: 3,
      delivered: { to: ["a@example.com", "b@example.com"], messageIds: ["<m1@example.com>", "<m2@example.com>"] },
    });
    await log.record(entry("failed"));
    expect(await log.claim(claim(true))).toEqual({ claimed: true, attempt: 4 });
  });

  it("the trend baseline is the newest run of the latest period up to the report's own: a backfill is never compared with a later week", async () => {
    const log = new FileAuditLog(await tempDir());
    const snap = (period: string, periodStart: string, at: string, cash: number) => ({
      reportId: `cfo.all.${period}`,
      period,
      periodStart,
      at,
      values: { cash },
    });
    await log.saveKpis("cfo", "all", snap("2026-W48", "2026-11-23T00:00:00.000Z", "2026-11-30T06:17:00.000Z", 48));
    // Backfilled later: W47's report, run after W48's.
    await log.saveKpis("cfo", "all", snap("2026-W47", "2026-11-16T00:00:00.000Z", "2026-11-30T09:00:00.000Z", 47));
    // W49 compares with W48, not with the W47 backfill that ran after it; W48 and W47 with their own runs.
    expect((await log.lastKpis("cfo", "all", "2026-11-30T00:00:00.000Z"))!.period).toBe("2026-W48");
    expect((await log.lastKpis("cfo", "all", "2026-11-23T00:00:00.000Z"))!.period).toBe("2026-W48");
    expect((await log.lastKpis("cfo", "all", "2026-11-16T00:00:00.000Z"))!.period).toBe("2026-W47");
    expect(await log.lastKpis("cfo", "all", "2026-11-09T00:00:00.000Z")).toBeNull();
    expect((await log.lastKpis("cfo", "all"))!.period).toBe("2026-W48");
  });

  it("breaks a lock left by a process that died (older than 30 s) and leaves a live holder's lock alone", async () => {
    const dir = await tempDir();
    const lock = path.join(dir, ".audit.lock");
    await writeFile(lock, "a-dead-process");
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const log = new FileAuditLog(dir, () => new Date("2026-11-25T12:00:00Z"));
    expect(await log.claim(claim())).toEqual({ claimed: true, attempt: 1 });
    await expect(readFile(lock, "utf8")).rejects.toThrow(/ENOENT/);
    // A fresh lock of another process is waited for, and not removed by us afterwards.
    await writeFile(lock, "a-live-process");
    const waiting = log.renew("cfo.all.2026-W48");
    await new Promise((r) => setTimeout(r, 150));
    expect(await readFile(lock, "utf8")).toBe("a-live-process");
    await rm(lock);
    expect(await waiting).toBe(true);
  });

  it("serialises concurrent claims: exactly one wins", async () => {
    const log = new FileAuditLog(await tempDir());
    const results = await Promise.all(Array.from({ length: 20 }, () => log.claim(claim())));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  it("keeps the KPI history per role and scope", async () => {
    const log = new FileAuditLog(await tempDir());
    expect(await log.lastKpis("cfo", "all")).toBeNull();
    await log.saveKpis("cfo", "all", { reportId: "a", period: "2026-W47", at: "t1", values: { cash: 1 } });
    await log.saveKpis("cfo", "all", { reportId: "b", period: "2026-W48", at: "t2", values: { cash: 2 } });
    await log.saveKpis("ceo", "all", { reportId: "c", period: "2026-W48", at: "t2", values: { cash: 9 } });
    expect((await log.lastKpis("cfo", "all"))!.values).toEqual({ cash: 2 });
  });
});

describe("file board", () => {
  const spec = (fp: string, body = "b"): CardSpec => ({
    fingerprint: fp,
    title: `t ${fp}`,
    body,
    labels: ["exec-report", "role:cfo"],
    role: "cfo",
    entity: "jada",
    priority: "P1",
  });

  it("creates once, updates a changed card, closes what is gone and reopens what returns", async () => {
    const file = path.join(await tempDir(), "board.json");
    const board = new FileBoard(file);
    const a = "aaaaaaaaaaaaaaaa";
    const b = "bbbbbbbbbbbbbbbb";
    expect((await board.sync("cfo", ["jada"], [spec(a), spec(b)], "resolved")).created).toEqual([a, b]);
    const same = await board.sync("cfo", ["jada"], [spec(a), spec(b)], "resolved");
    expect(same.unchanged).toEqual([a, b]);
    expect(same.created.length + same.updated.length + same.closed.length).toBe(0);
    expect(await board.sync("cfo", ["jada"], [spec(a, "new body")], "resolved")).toMatchObject({ updated: [a], closed: [b] });
    expect((await board.sync("cfo", ["jada"], [spec(a, "new body"), spec(b)], "resolved")).reopened).toEqual([b]);
    const cards = JSON.parse(await readFile(file, "utf8")).cards;
    expect(cards).toHaveLength(2);
    expect(cards[1].comments.map((c: string) => c.split(": ")[1])).toEqual(["resolved", "reopened, the finding is back"]);
  });

  it("never closes another role's cards", async () => {
    const board = new FileBoard(path.join(await tempDir(), "board.json"));
    await board.sync("cfo", ["jada"], [spec("aaaaaaaaaaaaaaaa")], "resolved");
    expect((await board.sync("ceo", ["jada"], [], "resolved")).closed).toEqual([]);
  });

  it("for an entity it does not manage, creates a missing card but never updates, reopens or closes one", async () => {
    const board = new FileBoard(path.join(await tempDir(), "board.json"));
    const a = "aaaaaaaaaaaaaaaa";
    expect((await board.sync("cfo", [], [spec(a)], "resolved")).created).toEqual([a]);
    expect(await board.sync("cfo", [], [spec(a, "other body")], "resolved")).toMatchObject({ updated: [], unchanged: [a] });
    expect((await board.sync("cfo", [], [], "resolved")).closed).toEqual([]);
    // The manager of jada does keep it current.
    expect(await board.sync("cfo", ["jada"], [spec(a, "other body")], "resolved")).toMatchObject({ updated: [a] });
    expect((await board.sync("cfo", ["jada"], [], "resolved")).closed).toEqual([a]);
  });
});
