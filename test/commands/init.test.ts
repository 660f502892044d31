/** `npm start -- init DIR`: a minimal data folder that validates and runs, never written over an existing one. */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { entityId, runInit } from "../../src/commands/init.js";
import { loadAudiences } from "../../src/config/audiences.js";
import { kpisSchema, portfolioSchema } from "../../src/config/schema.js";
import { parseYamlFile } from "../../src/config/yaml-file.js";
import { cli, tempDir } from "../helpers/cli.js";
import { recordingIo } from "./io.js";

const dirs: string[] = [];
const scratch = async () => {
  const d = await tempDir("exec-init-");
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const ARGS = ["--entity", "Harbor Bakery & Café", "--to", "owner@example.com", "--time-zone", "America/Denver"];

describe("init", () => {
  it("writes portfolio.yaml (one entity), audiences.yaml (one weekly audience per role) and kpis.yaml that validate", async () => {
    const cwd = await scratch();
    const io = recordingIo(cwd);
    expect(await runInit(["new-data", ...ARGS], io)).toBe(0);
    const dir = path.join(cwd, "new-data");
    expect((await readdir(dir)).sort()).toEqual(["audiences.yaml", "kpis.yaml", "portfolio.yaml"]);
    const k = parseYamlFile(path.join(dir, "kpis.yaml"), await readFile(path.join(dir, "kpis.yaml"), "utf8"), kpisSchema);
    if (!k.ok) throw new Error(k.issues.join("\n"));
    expect(new Set(k.file.value.catalogue.map((e) => e.role))).toEqual(new Set(builtinRoles.ids));
    const p = parseYamlFile(path.join(dir, "portfolio.yaml"), await readFile(path.join(dir, "portfolio.yaml"), "utf8"), portfolioSchema);
    if (!p.ok) throw new Error(p.issues.join("\n"));
    expect(p.file.value.entities.map((e) => [e.id, e.name])).toEqual([["harbor-bakery-cafe", "Harbor Bakery & Café"]]);
    const audiences = await loadAudiences(dir, {
      roles: builtinRoles.ids,
      roleLabel: (id) => builtinRoles.label(id),
      portfolio: p.file.value,
    });
    expect(audiences.map((a) => a.role)).toEqual(builtinRoles.ids);
    for (const a of audiences) {
      expect(a).toMatchObject({ cadence: "weekly", timeZone: "America/Denver", scope: "all", send: { weekday: "monday", hour: 7 } });
      expect(a.recipients.to).toEqual(["owner@example.com"]);
    }
    expect(io.lines[0]).toBe("✓ wrote new-data/portfolio.yaml (1 entity: harbor-bakery-cafe)");
    expect(io.lines.join("\n")).toMatch(/next: npm start -- --data new-data/);
    expect(io.errors).toEqual([]);
  });

  it("refuses to overwrite: an existing data file is named, kept as it was, and nothing else is written", async () => {
    const cwd = await scratch();
    const dir = path.join(cwd, "data");
    await mkdir(dir);
    await writeFile(path.join(dir, "audiences.yaml"), "# mine\n");
    const io = recordingIo(cwd);
    expect(await runInit([dir, ...ARGS], io)).toBe(1);
    expect(io.errors.join("\n")).toMatch(/already has audiences\.yaml; init never overwrites a data file/);
    expect(await readdir(dir)).toEqual(["audiences.yaml"]);
    expect(await readFile(path.join(dir, "audiences.yaml"), "utf8")).toBe("# mine\n");
  });

  it("writes into an existing folder that holds none of its files", async () => {
    const cwd = await scratch();
    await writeFile(path.join(cwd, "notes.txt"), "keep");
    expect(await runInit([".", ...ARGS], recordingIo(cwd))).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual(["audiences.yaml", "kpis.yaml", "notes.txt", "portfolio.yaml"]);
  });

  it("refuses a path that is a file, bad addresses and an unknown time zone, one line each, writing nothing", async () => {
    const cwd = await scratch();
    await writeFile(path.join(cwd, "file"), "x");
    const a = recordingIo(cwd);
    expect(await runInit(["file"], a)).toBe(1);
    expect(a.errors.join("\n")).toMatch(/exists and is not a folder/);
    const b = recordingIo(cwd);
    expect(await runInit(["d", "--to", "bob@", "--sender", "x", "--time-zone", "Mars/Olympus"], b)).toBe(1);
    expect(b.errors).toEqual([
      'error: init --sender: "x" — expected an email address such as reports@example.com',
      'error: init --to: "bob@" — expected an email address such as you@example.com',
      'error: init --time-zone: "Mars/Olympus" — expected an IANA time zone such as America/New_York or UTC',
    ]);
    expect((await readdir(cwd)).sort()).toEqual(["file"]);
    const c = recordingIo(cwd);
    expect(await runInit([], c)).toBe(2);
    expect(c.errors[0]).toMatch(/expected one folder, got none/);
  });

  it("derives entity ids the schema accepts", () => {
    expect(entityId("Harbor Bakery & Café")).toBe("harbor-bakery-cafe");
    expect(entityId("  ÅRHUS 2 ")).toBe("arhus-2");
    expect(entityId("!!!")).toBe("");
  });

  it("init, then `npm start -- --data DIR` runs the minimal folder and writes every audience's report", async () => {
    const cwd = await scratch();
    const init = await cli(["init", path.join(cwd, "d"), ...ARGS]);
    expect(init.code, init.stderr).toBe(0);
    const r = await cli([
      "--data",
      path.join(cwd, "d"),
      "--out",
      path.join(cwd, "out"),
      "--now",
      "2026-12-01T18:00:00Z",
      "--period",
      "2026-W48",
    ]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const reports = await readdir(path.join(cwd, "out", "reports"));
    for (const role of builtinRoles.ids) expect(reports.some((f) => f.startsWith(role))).toBe(true);
    // Every report leads with its headline KPIs, each missing with the file that would give it, never a zero.
    for (const role of builtinRoles.ids) {
      const report = JSON.parse(await readFile(path.join(cwd, "out", "reports", `${role}.json`), "utf8")) as Report;
      expect(report.headline.length, role).toBeGreaterThan(0);
      for (const id of report.headline) {
        const kpi = report.kpis.find((x) => x.id === id)!;
        expect(kpi, `${role} ${id}`).toMatchObject({
          value: null,
          status: "missing",
          missing: expect.stringMatching(/file not present|nothing to inspect|no repository|needs /),
        });
      }
    }
    // Nothing was inspected, so the CTO's count of security findings is missing, not a reassuring 0.
    const cto = JSON.parse(await readFile(path.join(cwd, "out", "reports", "cto.json"), "utf8")) as Report;
    expect(cto.kpis.find((x) => x.id === "security-findings")).toMatchObject({
      value: null,
      missing: expect.stringMatching(/^nothing to inspect/),
    });
  });
});
