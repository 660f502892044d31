/** The file audit log under clock skew, an odd claim file, and a failed settle write. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

const hooks = vi.hoisted(() => ({ failNextClaimWrite: false }));
vi.mock("../../src/shared/fs-atomic.js", async (orig) => {
  const m = await orig<typeof import("../../src/shared/fs-atomic.js")>();
  return {
    ...m,
    writeFileAtomic: async (file: string, data: string | Buffer) => {
      if (hooks.failNextClaimWrite && file.includes(`${path.sep}.claims${path.sep}`)) {
        hooks.failNextClaimWrite = false;
        throw new Error("EPERM: operation not permitted, rename"); // e.g. Windows antivirus holding the target, EMFILE, ...
      }
      return m.writeFileAtomic(file, data);
    },
  };
});

import { type AuditEntry, CLAIM_TIMEOUT_MS } from "../../src/audit/audit-log.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { tempDir } from "../helpers/cli.js";

const ID = "cfo.all.2026-W48";
const T0 = Date.parse("2026-11-25T12:00:00Z");
const claim = (force = false) => ({
  reportId: ID,
  role: "cfo" as const,
  period: "2026-W48",
  scope: "all",
  startedAt: new Date(T0).toISOString(),
  force,
});
const entry = (status: AuditEntry["status"], extra: Partial<AuditEntry> = {}): AuditEntry => ({
  reportId: ID,
  role: "cfo",
  period: "2026-W48",
  scope: "all",
  status,
  recipients: { to: ["cfo@example.com"], bcc: [] },
  mailer: "outbox",
  messageIds: [],
  snapshotSha256: "x",
  templateVersion: "t",
  forced: false,
  startedAt: new Date(T0).toISOString(),
  finishedAt: new Date(T0 + 1000).toISOString(),
  durationMs: 1000,
  ...extra,
});

describe("file audit log", () => {
  it("a claim file stamped in the future by a fast clock does not hold later crashed claims beyond the timeout", async () => {
    const dir = await tempDir();
    // A machine (or a VM before NTP corrected it) a day ahead runs once and fails cleanly.
    const fast = new FileAuditLog(dir, () => new Date(T0 + 24 * 3600_000));
    expect((await fast.claim(claim())).claimed).toBe(true);
    await fast.record(entry("failed", { error: "x" }));
    // A correct clock claims next; stamp() gives it claimedAt = (a day ahead) + 1 ms. It then crashes.
    let now = T0;
    const b = new FileAuditLog(dir, () => new Date(now));
    expect((await b.claim(claim())).claimed).toBe(true);
    // 16 minutes later the crashed claim should be taken over.
    now = T0 + CLAIM_TIMEOUT_MS + 60_000;
    const c = new FileAuditLog(dir, () => new Date(now));
    expect(await c.claim(claim())).toMatchObject({ claimed: true });
  });

  it("a claim file whose claimedAt does not parse does not make every later claim throw", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, ".claims"), { recursive: true });
    await writeFile(
      path.join(dir, ".claims", `${ID}.json`),
      JSON.stringify({ reportId: ID, status: "failed", claimedAt: "unknown", attempt: 1, messageIds: [] }),
    );
    const log = new FileAuditLog(dir, () => new Date(T0));
    await expect(log.claim(claim())).resolves.toMatchObject({ claimed: true });
  });

  it("a sent report whose claim settle write failed can still be marked 'everyone reached' by the best-effort progress", async () => {
    const dir = await tempDir();
    let now = T0;
    const a = new FileAuditLog(dir, () => new Date(now));
    expect((await a.claim(claim())).claimed).toBe(true);
    expect(await a.renew(ID)).toBe(true);
    // ... the email goes out to cfo@example.com; then record("sent") fails writing the claim file:
    hooks.failNextClaimWrite = true;
    await expect(a.record(entry("sent", { messageIds: ["<m1@example.com>"], deliveredTo: ["cfo@example.com"] }))).rejects.toThrow(/EPERM/);
    // run.ts's catch path: best effort, mark everyone reached (the write would succeed now).
    await a.progress(ID, { to: ["cfo@example.com"], messageIds: ["<m1@example.com>"] });
    now = T0 + CLAIM_TIMEOUT_MS + 60_000;
    const b = new FileAuditLog(dir, () => new Date(now));

    expect(await b.claim(claim())).toEqual({
      claimed: true,
      attempt: 2,
      delivered: { to: ["cfo@example.com"], messageIds: ["<m1@example.com>"] },
    });
  });
});
