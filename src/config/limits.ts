/**
 * Input limits, enforced when data/ is read, before anything is written or sent. They bound what one bad or hostile
 * file can cost (memory, time, the size of an email or a card) and are set well above any real portfolio: the
 * sample's largest list has 75 rows, its longest string 61 characters, its largest amount under $200,000.
 */

/** A data file larger than this is refused unread. 16 MiB: ten times a year of daily bookkeeping for a small portfolio. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Rows in any one list of a file (expenses, bank lines, ...). */
export const MAX_ROWS = 200_000;

/** Times a file may use YAML aliases (*name), and the values they may expand to in all: a billion-laughs file needs far more. */
export const MAX_ALIASES = 100;
export const MAX_ALIAS_VALUES = 10_000;

/** Characters in a string value, by key; any key not listed gets DEFAULT_STRING_CHARS. */
export const STRING_CHARS: Record<string, number> = {
  name: 200,
  title: 200,
  label: 200,
  holder: 200,
  vendor: 200,
  provider: 200,
  owner: 200,
  stream: 200,
  category: 200,
  unit: 200,
  subjectPrefix: 100,
  description: 2000,
  purpose: 2000,
  memo: 2000,
  why: 2000,
  url: 2048,
};
export const DEFAULT_STRING_CHARS = 1000;

/** Characters of an id (entity, account, channel, repository, record ids). */
export const MAX_ID_CHARS = 64;

/** No number in data/ is larger than this in magnitude (a trillion); per-field ranges are tighter (schema helpers). */
export const MAX_ABS_NUMBER = 1e12;

/** The largest amount of money one row may hold, in US dollars. */
export const MAX_MONEY = 1e9;

/** The largest count or quantity (audience, invocations, contacts). */
export const MAX_QUANTITY = 1e10;

/** Characters a string may have in the limit message before it is cut: a 1 MB name is never echoed back. */
export const SHOWN_CHARS = 40;

/** Words no id may be: the reports use them as keys of their own (a channel `entity` would replace entity names). */
export const RESERVED_IDS: readonly string[] = [
  "all",
  "entity",
  "entities",
  "portfolio",
  "total",
  "none",
  "null",
  "undefined",
  "constructor",
  "prototype",
  "__proto__",
];

/** A value cut to SHOWN_CHARS for an error message. */
export function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > SHOWN_CHARS + 2 ? `${s.slice(0, SHOWN_CHARS)}…" (${String(v).length} characters)` : s;
}
