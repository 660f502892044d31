import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeJsonAtomic } from "../../src/shared/json-stream.js";

describe("writeJsonAtomic", () => {
  it("writes exactly JSON.stringify(v, null, 2) plus a newline, piece by piece, and leaves no temp file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "json-stream-"));
    const v = {
      a: [1, { b: 'x"y\n', c: [], d: {}, e: null, f: undefined, g: [undefined, 2, () => 1] }],
      h: "é\u2028",
      i: true,
      when: new Date("2026-12-01T18:00:00Z"),
      many: Array.from({ length: 5000 }, (_, i) => ({ id: `row-${i}`, amount: i / 10 })),
    };
    const file = path.join(dir, "out", "v.json");
    await writeJsonAtomic(file, v);
    expect(await readFile(file, "utf8")).toBe(`${JSON.stringify(v, null, 2)}\n`);
    expect(await readdir(path.dirname(file))).toEqual(["v.json"]);
  });

  it("passes every piece through the map (redaction) and keeps the JSON valid", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "json-stream-"));
    const file = path.join(dir, "v.json");
    await writeJsonAtomic(file, { note: "token abcdefgh123 in a message" }, (s) => s.replaceAll("abcdefgh123", "[redacted]"));
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ note: "token [redacted] in a message" });
  });
});
