/**
 * The layering rule of DESIGN.md, checked on the real import graph: entries → wiring → pipeline → the core
 * (analyse, render) and the adapters (collect, delivery, board, audit, archive, github) → config → shared.
 * Sources never know about roles, roles never know where data came from, renderers never reach an adapter.
 */
import { describe, expect, it } from "vitest";
import { cycles, importGraph } from "./imports.js";

const ENTRIES = new Set(["index.ts", "main.ts", "cli.ts"]);

/** The area a module belongs to: its first folder under src/, or "entry". */
function area(mod: string): string {
  if (ENTRIES.has(mod)) return "entry";
  const top = mod.split("/")[0]!;
  return top === "action" || top === "commands" ? "entry" : top;
}

/** Which areas each area may import (its own always). A module path may be named for a narrower exception. */
const ALLOWED: Record<string, string[]> = {
  entry: ["*"],
  wiring: ["pipeline", "analyse", "render", "collect", "delivery", "board", "audit", "archive", "github", "config", "shared"],
  pipeline: ["analyse", "render", "collect", "delivery", "board", "audit", "archive", "config", "shared"],
  analyse: ["config", "shared", "collect/snapshot.ts"],
  render: ["analyse", "config", "shared", "board/board.ts"],
  collect: ["config", "github", "shared"],
  delivery: ["analyse/report.ts", "config", "shared"],
  board: ["github", "config", "shared", "analyse/report.ts"],
  audit: ["config", "shared"],
  archive: ["analyse/report.ts", "config", "shared"],
  github: ["shared"],
  config: ["shared"],
  shared: [],
  types: [],
};

function allowed(from: string, to: string): boolean {
  const a = area(from);
  const b = area(to);
  if (a === b || b === "types") return true;
  const rules = ALLOWED[a];
  if (!rules) return false;
  return rules.includes("*") || rules.includes(b) || rules.includes(to);
}

describe("imports", () => {
  const graph = importGraph();

  it("form no cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("only point down the layers", () => {
    const upward = [...graph].flatMap(([from, deps]) => deps.filter((to) => !allowed(from, to)).map((to) => `${from} → ${to}`));
    expect(upward).toEqual([]);
  });

  it("every module belongs to a known area", () => {
    const unknown = [...graph.keys()].filter((m) => !(area(m) in ALLOWED));
    expect(unknown).toEqual([]);
  });
});

describe("purity", () => {
  it("analysis and rendering touch no file, process, network or browser (the template loader alone reads templates/)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const { SRC } = await import("./imports.js");
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const IMPURE = /from "(node:(fs|fs\/promises|child_process|net|http|https|dgram)|playwright[^"]*|@aws-sdk\/[^"]+|@octokit\/[^"]+)"/;
    const offenders = [...walk(path.join(SRC, "analyse")), ...walk(path.join(SRC, "render"))]
      .filter((f) => f.endsWith(".ts") && !f.endsWith(path.join("render", "templates.ts")))
      .filter((f) => IMPURE.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
