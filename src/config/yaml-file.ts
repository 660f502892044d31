/** Parse a YAML file and validate it with zod, reporting every problem as `file:line path: message`. */
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";

export interface ParsedFile<T> {
  value: T;
  /** 1-based line of the node at a path, for cross-file checks; falls back to the nearest parent. */
  lineOf(path: (string | number)[]): number;
}

/** Formats a zod/field path the way a user reads it: entities[2].recipients.cfo */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += (out ? "." : "") + String(p);
  }
  return out || "(top level)";
}

function lineFinder(doc: Document, lc: LineCounter) {
  return (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return 1;
  };
}

/** Validates `text` (the contents of `file`) against `schema`; returns the value or the list of problems. */
export function parseYamlFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { ok: true; file: ParsedFile<z.output<S>> } | { ok: false; issues: string[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
        return `${file}:${line} invalid YAML: ${e.message.split("\n")[0]} (fix the syntax at this line)`;
      }),
    };
  }
  const lineOf = lineFinder(doc, lc);
  const result = schema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((i) => {
        let path = i.path.filter((p): p is string | number => typeof p !== "symbol");
        if (i.code === "unrecognized_keys" && i.keys[0]) path = [...path, i.keys[0]];
        const got = i.code === "unrecognized_keys" ? undefined : doc.getIn(path);
        const shown = i.code === "unrecognized_keys" ? "unknown key" : got === undefined ? "missing" : JSON.stringify(got);
        return `${file}:${lineOf(path)} ${formatPath(path)}: ${shown} — expected ${describe(i)}`;
      }),
    };
  }
  return { ok: true, file: { value: result.data, lineOf } };
}

function describe(i: z.core.$ZodIssue): string {
  if (i.code === "unrecognized_keys") return `no key ${i.keys.map((k) => `"${k}"`).join(", ")} (remove it or fix its spelling)`;
  if (i.code === "invalid_value") return `one of ${i.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (i.code === "invalid_type") return i.message.startsWith("Invalid input") ? i.expected : i.message;
  return i.message;
}
