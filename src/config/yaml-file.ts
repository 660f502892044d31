/** Parse a YAML file and validate it with zod, reporting every problem as `file:line path: message`. */
import { type Document, isAlias, isNode, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { MAX_ALIASES } from "./limits.js";
import { formatPath, inspectDocument } from "./yaml-inspect.js";

export { formatPath };

export interface ParsedFile<T> {
  value: T;
  /** 1-based line of the node at a path, for cross-file checks; falls back to the nearest parent. */
  lineOf(path: (string | number)[]): number;
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
    // The first syntax error only: the ones after it are mostly its echoes (an unclosed quote swallows the next lines).
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
    return { ok: false, issues: [`${file}:${line} invalid YAML: ${e.message.split("\n")[0]} (fix the syntax at this line)`] };
  }
  if (doc.contents === null) {
    const keys = Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
    return {
      ok: false,
      issues: [
        `${file}:1 (file): empty — expected ${keys.length ? `the keys ${keys.join(", ")}` : "data"} (or delete the file if it is optional)`,
      ],
    };
  }
  const lineOf = lineFinder(doc, lc);
  const shape = inspectDocument(file, doc, lc);
  if (shape.length > 0) return { ok: false, issues: shape };
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml refuses an alias bomb ("Excessive alias count"): name the file and the first alias instead of a stack.
    let first = 1;
    visit(doc, {
      Alias(_k, n) {
        if (isAlias(n) && n.range) first = lc.linePos(n.range[0]).line;
        return visit.BREAK;
      },
    });
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      issues: [
        `${file}:${first} (aliases): ${/alias/i.test(why) ? `more than ${MAX_ALIASES} alias expansions (a YAML alias bomb?)` : why} — expected plain data (write the values out instead of *aliases)`,
      ],
    };
  }
  const result = schema.safeParse(js ?? {});
  if (!result.success) {
    const issues = result.error.issues;
    const key = (path: PropertyKey[]) => JSON.stringify(path.filter((p) => typeof p !== "symbol"));
    // A misspelt key shows up twice (unknown key + missing field): report it once, with the likely fix.
    const missingAt = new Map(
      issues
        .filter((i) => i.code === "invalid_type" && doc.getIn(i.path as (string | number)[]) === undefined)
        .map((i) => [key(i.path), i]),
    );
    const suggestions = new Map<string, string>();
    const dropped = new Set<z.core.$ZodIssue>();
    for (const i of issues) {
      if (i.code !== "unrecognized_keys") continue;
      for (const k of i.keys) {
        for (const [mk, mi] of missingAt) {
          const field = String(mi.path.at(-1));
          if (key(mi.path.slice(0, -1)) === key(i.path) && editDistance(k, field) <= 2) {
            suggestions.set(key([...i.path, k]), field);
            dropped.add(mi);
            missingAt.delete(mk);
          }
        }
      }
    }
    return {
      ok: false,
      issues: issues
        .filter((i) => !dropped.has(i))
        .flatMap((i) => {
          const base = i.path.filter((p): p is string | number => typeof p !== "symbol");
          if (i.code === "unrecognized_keys") {
            return i.keys.map((k) => {
              const path = [...base, k];
              const hint = suggestions.get(key(path));
              return `${file}:${lineOf(path)} ${formatPath(path)}: unknown key — expected ${hint ? `"${hint}" (fix the spelling)` : `no key "${k}" (remove it or fix its spelling)`}`;
            });
          }
          const got = doc.getIn(base);
          const shown = got === undefined ? "missing" : JSON.stringify(got);
          return [`${file}:${lineOf(base)} ${formatPath(base)}: ${shown} — expected ${describe(i)}`];
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

/** Levenshtein distance, for "did you mean" hints on misspelt keys. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}
