/**
 * A full disk injected through the fs layer (no mount needed): every atomic write answers ENOSPC. The run still
 * releases each claim it took (settled in place as failed), leaves no lock, says so, and the next run sends each
 * report exactly once.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { FileAuditLog } from "../../src/audit/file.js";
import { run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { tempDir } from "../helpers/cli.js";
import { drillEdges, options, ROLES } from "./full-disk-helpers.js";

const disk = vi.hoisted(() => ({ full: false }));
vi.mock("../../src/shared/fs-atomic.js", async (orig) => {
  const real = await orig<typeof import("../../src/shared/fs-atomic.js")>();
  return {
    ...real,
    writeFileAtomic: async (file: string, data: string | Buffer) => {
      if (disk.full) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: "ENOSPC" });
      return real.writeFileAtomic(file, data);
    },
  };
});

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus");

describe("full disk (ENOSPC injected)", () => {
  it("claims taken before the disk filled are released in place; the next run sends each report once", async () => {
    const root = await tempDir("exec-enospc-");
    const out = path.join(root, "out");
    const sentLog = path.join(root, "sent.log");
    const audit = new FileAuditLog(out);
    const claimed = audit.claim.bind(audit);
    let claims = 0;
    audit.claim = async (c) => {
      const r = await claimed(c);
      claims++;
      return r;
    };
    // The disk fills once every claim is written (the collection waits for them): each report's file writes fail.
    const git = {
      name: "git-none",
      repos: async () => {
        while (claims < ROLES.length) await new Promise((r) => setTimeout(r, 5));
        disk.full = true;
        return {};
      },
    };
    const log = memoryLogger();
    // Each report fails on its own (nothing sent), naming the full disk; the run says it did not succeed.
    const first = await run(options(FIXTURE, out), log, drillEdges(out, { sentLog, audit, git }));
    expect(first.ok).toBe(false);
    expect(first.reports.map((r) => [r.reportId, r.status])).toEqual(ROLES.map((r) => [`${r}.2026-W48`, "failed"]));
    for (const r of first.reports) expect(r.error).toMatch(/^ENOSPC: no space left on device/);
    await expect(readFile(sentLog, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(out)).not.toContain(".audit.lock");
    for (const f of await readdir(path.join(out, ".claims")))
      expect(JSON.parse(await readFile(path.join(out, ".claims", f), "utf8")).status).toBe("failed");
    // The release was written although nothing atomic could be: audit.jsonl has each failure, no warning about claims left over.
    const jsonl = (await readFile(path.join(out, "audit.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(jsonl.map((l) => l.status)).toEqual(Array(ROLES.length).fill("failed"));
    expect(log.lines.filter((l) => /could not be recorded/.test(l))).toEqual([]);

    disk.full = false;
    const next = await run(options(FIXTURE, out), memoryLogger(), drillEdges(out, { sentLog, audit: new FileAuditLog(out) }));
    expect(next.reports.map((r) => r.status)).toEqual(Array(ROLES.length).fill("sent"));
    const lines = (await readFile(sentLog, "utf8")).split("\n").filter(Boolean);
    expect(new Set(lines).size).toBe(ROLES.length);
    expect(lines).toHaveLength(ROLES.length);
  });
});
