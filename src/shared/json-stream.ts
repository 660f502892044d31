/**
 * Writes a value as indented JSON (the same text as JSON.stringify(v, null, 2)) to a file, piece by piece and
 * atomically: a snapshot of a 10 MB input is never held as one string, and no half-written file is ever left.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";

/** The JSON text of `v` in pieces, each passed through `map` (e.g. redaction) before it is written. */
function* pieces(v: unknown, indent: string): Generator<string> {
  if (Array.isArray(v)) {
    if (v.length === 0) return yield "[]";
    const inner = `${indent}  `;
    yield "[\n";
    for (let i = 0; i < v.length; i++) {
      yield inner;
      yield* pieces(v[i] === undefined || typeof v[i] === "function" ? null : v[i], inner);
      yield i < v.length - 1 ? ",\n" : "\n";
    }
    yield `${indent}]`;
  } else if (v && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON !== "function") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== "function");
    if (entries.length === 0) return yield "{}";
    const inner = `${indent}  `;
    yield "{\n";
    for (let i = 0; i < entries.length; i++) {
      const [k, x] = entries[i]!;
      yield `${inner}${JSON.stringify(k)}: `;
      yield* pieces(x, inner);
      yield i < entries.length - 1 ? ",\n" : "\n";
    }
    yield `${indent}}`;
  } else yield JSON.stringify(v) ?? "null";
}

/** Writes `value` as JSON plus a newline to `file` through a temp file and a rename; `map` sees every piece. */
export async function writeJsonAtomic(file: string, value: unknown, map: (s: string) => string = (s) => s): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  const out = createWriteStream(tmp);
  try {
    let buffer = "";
    for (const p of pieces(value, "")) {
      buffer += map(p);
      if (buffer.length >= 64 * 1024) {
        if (!out.write(buffer)) await once(out, "drain");
        buffer = "";
      }
    }
    out.end(`${buffer}\n`);
    await once(out, "finish");
    await rename(tmp, file);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
