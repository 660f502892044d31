/**
 * The malformed-input corpus (corpus.ts): each case exits 1 with ONE line naming file:line and field, writes nothing
 * under --out, sends nothing, and finishes within 10 s (a FIFO never blocks).
 */

import { execFileSync } from "node:child_process";
import { cp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { UserError } from "../../src/shared/errors.js";
import { checkOutDir } from "../../src/shared/out-dir.js";
import { tempDir, treeHash } from "../helpers/cli.js";
import { NOW } from "../helpers/sample.js";
import { CASES, type Case, CLASSES } from "./corpus.js";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus");
const mounts: string[] = [];

async function runCase(c: Case): Promise<{ code: number; lines: string[]; root: string; out: string; data: string }> {
  const root = await tempDir("exec-corpus-");
  const data = path.join(root, "data");
  await cp(FIXTURE, data, { recursive: true });
  await c.edit?.(data);
  const out = path.join(root, c.out ?? "out");
  await c.prepareOut?.(root);
  if (c.prepareOut) mounts.push(...["ro", "tiny"].map((m) => path.join(root, m)));
  if (c.via === "checkOutDir") {
    try {
      await checkOutDir(out);
      return { code: 0, lines: [], root, out, data };
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return { code: 1, lines: (e as Error).message.split("\n"), root, out, data };
    }
  }
  const args = ["--data", data, "--out", out, "--period", "2026-W48", "--git", "local", ...(c.args ?? [])].map((a) =>
    a === "FILE" ? path.join(data, "portfolio.yaml") : a === "NOWHERE" ? path.join(root, "nowhere") : a,
  );
  if (c.envFile !== undefined) {
    const f = path.join(root, ".env");
    await writeFile(f, c.envFile);
    args.push("--env-file", f);
  }
  const errors: string[] = [];
  vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(String(m)));
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const code = await main({ argv: args, env: c.env ?? {}, now: () => NOW, cwd: root });
  return {
    code,
    lines: errors
      .join("\n")
      .replace(/^error: /, "")
      .split("\n"),
    root,
    out,
    data,
  };
}

describe("malformed input corpus", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const m of mounts.splice(0)) {
      try {
        execFileSync("umount", [m], { stdio: "ignore" });
      } catch {}
    }
  });

  it("has at least 80 cases, in every class", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    for (const [name, cases] of Object.entries(CLASSES)) expect(cases.length, name).toBeGreaterThanOrEqual(5);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it("the unbroken fixture runs (exit 0): every case fails for its own edit", async () => {
    const { code, lines } = await runCase({ name: "control", args: ["--dry-run"], error: /./ });
    expect(lines.filter(Boolean)).toEqual([]);
    expect(code).toBe(0);
  }, 30_000);

  it.each(CASES.map((c) => [c.name, c] as const))(
    "%s → one clear line, exit 1, nothing written or sent",
    async (_n, c) => {
      if (c.skip?.()) return;
      const { code, lines, root, out, data } = await runCase(c);
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.replace(data + path.sep, "").replace(root + path.sep, "")).toMatch(c.error);
      // Nothing under --out (no reports, no outbox, no audit, no claims) and nothing left in the case folder but data.
      expect(await treeHash(out)).toBe(await treeHash(path.join(root, "does-not-exist")));
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    },
    10_000,
  );
});
