/** checkOutDir: a bad --out is one line naming the fix, and the check writes nothing. */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutDir } from "../../src/shared/out-dir.js";
import { tempDir } from "../helpers/cli.js";

describe("checkOutDir", () => {
  it("accepts an existing folder and a folder yet to be created, and leaves nothing behind", async () => {
    const root = await tempDir();
    await mkdir(path.join(root, "out"));
    await checkOutDir(path.join(root, "out"));
    await checkOutDir(path.join(root, "new", "deeper"));
    expect(await readdir(root)).toEqual(["out"]);
    expect(await readdir(path.join(root, "out"))).toEqual([]);
  });

  it("refuses a file, a path under a file, and a device folder it cannot write", async () => {
    const root = await tempDir();
    await writeFile(path.join(root, "f"), "x");
    await expect(checkOutDir(path.join(root, "f"))).rejects.toThrow(/: a file, not a folder — expected a folder to write the reports in/);
    await expect(checkOutDir(path.join(root, "f", "x"))).rejects.toThrow(/is a file — expected a path whose parents are folders/);
    await expect(checkOutDir("/proc/exec-reports-out")).rejects.toThrow(
      /^--out \/proc\/exec-reports-out \(its nearest existing folder \/proc\): /,
    );
  });

  it("refuses too little free space", async () => {
    const root = await tempDir();
    await expect(checkOutDir(root, Number.MAX_SAFE_INTEGER)).rejects.toThrow(/KiB free on its file system — expected at least/);
  });
});
