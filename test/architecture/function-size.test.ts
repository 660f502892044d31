/** The pipeline stays a set of small stages: no function in src/pipeline/ over 60 lines, no file over 400. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSync, Visitor } from "oxc-parser";
import { describe, expect, it } from "vitest";
import { SRC } from "./imports.js";

const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 400;

/** Every function in a file with its length in lines (oxc parses TypeScript directly; TS 7 has no JS API). */
function functionsOf(file: string): { name: string; lines: number }[] {
  const text = readFileSync(file, "utf8");
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const out: { name: string; lines: number }[] = [];
  const record = (n: { start: number; end: number; id?: { name?: string } | null }) => {
    const start = lineAt(n.start);
    out.push({ name: `${path.relative(SRC, file)}:${n.id?.name ?? `(anonymous at line ${start})`}`, lines: lineAt(n.end) - start + 1 });
  };
  new Visitor({ FunctionDeclaration: record, FunctionExpression: record, ArrowFunctionExpression: record }).visit(
    parseSync(file, text).program,
  );
  return out;
}

describe("size", () => {
  const pipeline = readdirSync(path.join(SRC, "pipeline")).map((f) => path.join(SRC, "pipeline", f));

  it(`no pipeline function is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = pipeline.flatMap(functionsOf).filter((f) => f.lines > MAX_FUNCTION_LINES);
    expect(long).toEqual([]);
  });

  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const big = walk(SRC)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => ({ f: path.relative(SRC, f), n: readFileSync(f, "utf8").split("\n").length }))
      .filter((x) => x.n > MAX_FILE_LINES);
    expect(big).toEqual([]);
  });
});
