/**
 * A full disk under --out (a 150 KB tmpfs, as in the report that found the bug): the run fails fast, releases its
 * claims (settled in place, no claim left in `sending`), leaves no lock file; once space is freed the next run sends
 * every report exactly once. Needs root with CAP_SYS_ADMIN for the mount; full-disk-injected.test.ts covers the rest.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FileAuditLog } from "../../src/audit/file.js";
import { run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { tempDir } from "../helpers/cli.js";
import { canMount } from "./corpus.js";
import { drillEdges, options, ROLES } from "./full-disk-helpers.js";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus");
const mounted: string[] = [];
afterEach(() => {
  for (const m of mounted.splice(0))
    try {
      execFileSync("umount", [m], { stdio: "ignore" });
    } catch {}
});

describe.skipIf(!canMount())("full disk (150 KB tmpfs under --out)", () => {
  it("fails fast, releases every claim, leaves no lock; after space is freed the next run sends each report once", async () => {
    const root = await tempDir("exec-full-");
    const out = path.join(root, "out");
    await mkdir(out);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=150k", "tmpfs", out]);
    mounted.push(out);
    const sentLog = path.join(root, "sent.log");
    const edges = () => drillEdges(out, { sentLog, audit: new FileAuditLog(out) });

    const t0 = performance.now();
    const log = memoryLogger();
    const first = await run(options(FIXTURE, out), log, edges()).catch((e: unknown) => e as Error);
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(`full disk: first run ended in ${ms} ms\n`);
    // Something failed for lack of space and said so.
    const text = first instanceof Error ? first.message : JSON.stringify(first.reports.map((r) => r.error));
    expect(text).toMatch(/ENOSPC|no space/);
    expect(await readdir(out)).not.toContain(".audit.lock");
    const claims = await readdir(path.join(out, ".claims")).catch(() => [] as string[]);
    for (const f of claims) {
      const c = JSON.parse(await readFile(path.join(out, ".claims", f), "utf8"));
      expect(c.status, f).not.toBe("sending");
    }

    execFileSync("mount", ["-o", "remount,size=50m", out]);
    const second = await run(options(FIXTURE, out), memoryLogger(), edges());
    expect(second.reports.map((r) => r.status).every((s) => s === "sent" || s === "skipped")).toBe(true);
    const lines = (await readFile(sentLog, "utf8")).split("\n").filter(Boolean);
    expect(lines.sort()).toEqual(ROLES.map((r) => `${r}.2026-W48 ${r === "accounting" ? "books" : r}@example.com`).sort());
    const third = await run(options(FIXTURE, out), memoryLogger(), edges());
    expect(third.reports.map((r) => r.status)).toEqual(Array(ROLES.length).fill("skipped"));
  }, 60_000);
});
