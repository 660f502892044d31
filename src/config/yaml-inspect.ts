/**
 * Checks parsed data before it is validated: numbers in plain decimal notation and finite, strings and lists within the
 * limits, aliases few. Walks the plain values once (a shared object, which is what an alias gives, is walked once and
 * counted), so an alias bomb costs nothing; lines are looked up only for the problems found.
 */
import { DEFAULT_STRING_CHARS, MAX_ABS_NUMBER, MAX_ALIAS_VALUES, MAX_ALIASES, MAX_ROWS, STRING_CHARS, shown } from "./limits.js";
import { NonDecimal } from "./yaml-load.js";

type Key = (string | number)[];

/** Formats a path the way a user reads it: entities[2].recipients.cfo */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += (out ? "." : "") + String(p);
  }
  return out || "(top level)";
}

export interface InspectHooks {
  /** 1-based line of the value at a path. */
  lineOf(path: Key): number;
  /** 1-based line of the first alias in the file. */
  firstAliasLine(): number;
}

/** Every problem found, as `file:line path: value — expected … (fix)`; stops after `max` problems. */
export function inspectValues(file: string, root: unknown, hooks: InspectHooks, max = 20): string[] {
  const issues: string[] = [];
  const say = (path: Key, what: string) => {
    if (issues.length < max) issues.push(`${file}:${hooks.lineOf(path)} ${formatPath(path)}: ${what}`);
  };
  // Objects already walked, with their size as if every alias were expanded (what validation would walk).
  const sizes = new Map<object, number>();
  let aliases = 0;
  let expanded = 0;
  let bomb = false;
  const walk = (v: unknown, path: Key): number => {
    if (issues.length >= max || bomb) return 1;
    if (v instanceof NonDecimal) {
      const src = v.source;
      if (/inf|nan/i.test(src)) say(path, `${src} — expected a finite number in decimal notation (not .inf or .nan)`);
      else
        say(path, `${src} — expected a number in decimal notation such as 1850 or 12.5 (no hex, octal, binary, exponent or sexagesimal)`);
      return 1;
    }
    if (typeof v === "number") {
      if (!Number.isFinite(v)) say(path, `${shown(v)} — expected a finite number`);
      else if (Math.abs(v) > MAX_ABS_NUMBER)
        say(path, `${v} — expected a plausible figure (at most ${MAX_ABS_NUMBER.toLocaleString("en-US")} in size)`);
      return 1;
    }
    if (typeof v === "string") {
      const field = [...path].reverse().find((p): p is string => typeof p === "string") ?? "";
      const limit = STRING_CHARS[field] ?? DEFAULT_STRING_CHARS;
      if (v.length > limit) say(path, `${shown(v)} — expected at most ${limit} characters (shorten it)`);
      return 1;
    }
    if (!v || typeof v !== "object") return 1;
    // An object reached again is an alias: counted with its expanded size, never walked twice; a billion-laughs file
    // (or an alias to itself) is refused before anything expands it.
    if (sizes.has(v) || walking.has(v)) {
      aliases++;
      expanded += sizes.get(v) ?? Number.POSITIVE_INFINITY;
      if (aliases > MAX_ALIASES || expanded > MAX_ALIAS_VALUES) {
        bomb = true;
        issues.push(
          `${file}:${hooks.firstAliasLine()} (aliases): aliases expanding to more than ${MAX_ALIAS_VALUES} values or used more than ${MAX_ALIASES} times (a YAML alias bomb?) — expected plain data (write the values out instead of *aliases)`,
        );
      }
      return sizes.get(v) ?? 1;
    }
    walking.add(v);
    let size = 1;
    if (Array.isArray(v)) {
      if (v.length > MAX_ROWS) say(path, `${v.length} rows — expected at most ${MAX_ROWS} (split the list or archive old rows)`);
      else v.forEach((x, i) => (size += walk(x, [...path, i])));
    } else {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > 200) say(path, `a key of ${k.length} characters — expected a field name (at most 200 characters)`);
        else size += walk(x, [...path, k]);
      }
    }
    walking.delete(v);
    sizes.set(v, size);
    return size;
  };
  const walking = new Set<object>();
  walk(root, []);
  return issues;
}
