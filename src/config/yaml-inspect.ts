/**
 * Checks a parsed YAML document before it becomes data: numbers in plain decimal notation and finite, strings and
 * lists within the limits. Works on the nodes, so every problem has its line, and runs before aliases are expanded.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import { DEFAULT_STRING_CHARS, MAX_ABS_NUMBER, MAX_ROWS, STRING_CHARS, shown } from "./limits.js";

/** A number as people write it: optional sign, digits, optional decimals. No 0x, 0o, exponents, .inf or .nan. */
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** Formats a node path the way a user reads it: entities[2].recipients.cfo */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += (out ? "." : "") + String(p);
  }
  return out || "(top level)";
}

/** Every problem found, as `file:line path: value — expected … (fix)`; stops after `max` problems. */
export function inspectDocument(file: string, doc: Document, lc: LineCounter, max = 20): string[] {
  const issues: string[] = [];
  const line = (n: Node) => (n.range ? lc.linePos(n.range[0]).line : 1);
  const say = (n: Node, path: (string | number)[], what: string) => {
    if (issues.length < max) issues.push(`${file}:${line(n)} ${formatPath(path)}: ${what}`);
  };
  const walk = (n: unknown, path: (string | number)[]): void => {
    if (issues.length >= max || !n || isAlias(n)) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : "?";
        if (isScalar(pair.key) && key.length > 200) {
          say(pair.key, path, `a key of ${key.length} characters — expected a field name (at most 200 characters)`);
          continue;
        }
        walk(pair.value, [...path, key]);
      }
      return;
    }
    if (isSeq(n)) {
      if (n.items.length > MAX_ROWS) {
        say(n, path, `${n.items.length} rows — expected at most ${MAX_ROWS} (split the list or archive old rows)`);
        return;
      }
      n.items.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (!isScalar(n)) return;
    const v = n.value;
    const field = [...path].reverse().find((p): p is string => typeof p === "string") ?? "";
    if (typeof v === "number") {
      const src = (n.source ?? String(v)).trim();
      if (!Number.isFinite(v)) say(n, path, `${src} — expected a finite number in decimal notation (not .inf or .nan)`);
      else if (!DECIMAL.test(src))
        say(n, path, `${src} — expected a number in decimal notation such as 1850 or 12.5 (no hex, octal, binary or exponent)`);
      else if (Math.abs(v) > MAX_ABS_NUMBER)
        say(n, path, `${src} — expected a plausible figure (at most ${MAX_ABS_NUMBER.toLocaleString("en-US")} in size)`);
      return;
    }
    if (typeof v === "string") {
      const limit = STRING_CHARS[field] ?? DEFAULT_STRING_CHARS;
      if (v.length > limit) say(n, path, `${shown(v)} — expected at most ${limit} characters (shorten it)`);
    }
  };
  walk(doc.contents, []);
  return issues;
}
