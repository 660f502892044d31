/**
 * Parse a YAML file and validate it with zod, reporting every problem as `file:line path: message`.
 * Values come from the fast loader (yaml-load.ts); the yaml library's Document, which knows lines, is built only when
 * a problem needs its line (a valid 10 MB file never pays for it).
 */
import { type Document, isAlias, isNode, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { formatPath, inspectValues } from "./yaml-inspect.js";
import { loadYaml } from "./yaml-load.js";

export { formatPath };

export interface ParsedFile<T> {
  value: T;
  /** 1-based line of the node at a path, for cross-file checks; falls back to the nearest parent. */
  lineOf(path: (string | number)[]): number;
}

/** Lines of a file, from a yaml Document built on first use. */
function lines(text: string) {
  let built: { doc: Document; lc: LineCounter } | undefined;
  const get = () => {
    if (!built) {
      const lc = new LineCounter();
      built = { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }), lc };
    }
    return built;
  };
  return {
    get,
    lineOf(path: (string | number)[]): number {
      const { doc, lc } = get();
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return 1;
    },
    firstAliasLine(): number {
      const { doc, lc } = get();
      let first = 1;
      visit(doc, {
        Alias(_k, n) {
          if (isAlias(n) && n.range) first = lc.linePos(n.range[0]).line;
          return visit.BREAK;
        },
      });
      return first;
    },
  };
}

/** The value at a path of plain data, or undefined. */
function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Validates `text` (the contents of `file`) against `schema`; returns the value or the list of problems. */
export function parseYamlFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { ok: true; file: ParsedFile<z.output<S>> } | { ok: false; issues: string[] } {
  const where = lines(text);
  const loaded = loadYaml(text);
  if (!loaded.ok) {
    // The first syntax error only (the ones after it are mostly its echoes), in the yaml library's words when it agrees.
    const e = where.get().doc.errors[0];
    const line = e ? (e.linePos?.[0]?.line ?? where.get().lc.linePos(e.pos[0]).line) : loaded.line;
    const msg = e ? e.message.split("\n")[0] : loaded.message;
    return { ok: false, issues: [`${file}:${line} invalid YAML: ${msg} (fix the syntax at this line)`] };
  }
  const js = loaded.value;
  if (js === null || js === undefined) {
    const keys = Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
    return {
      ok: false,
      issues: [
        `${file}:1 (file): empty — expected ${keys.length ? `the keys ${keys.join(", ")}` : "data"} (or delete the file if it is optional)`,
      ],
    };
  }
  const shape = inspectValues(file, js, where);
  if (shape.length > 0) return { ok: false, issues: shape };
  const result = schema.safeParse(js);
  if (result.success) return { ok: true, file: { value: result.data, lineOf: where.lineOf } };

  const issues = result.error.issues;
  const key = (path: PropertyKey[]) => JSON.stringify(path.filter((p) => typeof p !== "symbol"));
  // A misspelt key shows up twice (unknown key + missing field): report it once, with the likely fix.
  const missingAt = new Map(issues.filter((i) => i.code === "invalid_type" && at(js, i.path) === undefined).map((i) => [key(i.path), i]));
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
            return `${file}:${where.lineOf(path)} ${formatPath(path)}: unknown key — expected ${hint ? `"${hint}" (fix the spelling)` : `no key "${k}" (remove it or fix its spelling)`}`;
          });
        }
        const got = at(js, base);
        const shown = got === undefined ? "missing" : JSON.stringify(got);
        return [`${file}:${where.lineOf(base)} ${formatPath(base)}: ${shown} — expected ${describe(i)}`];
      }),
  };
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
