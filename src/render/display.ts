/** How raw values are shown to readers: times, raw identifiers (clone paths), money in ledgers, status words. */
import { formatValue } from "../shared/format.js";

/** "2026-11-25T12:00:00Z" → "2026-11-25 12:00 UTC"; a bare date stays a date. */
export function formatTime(iso: string): string {
  return iso.length > 10 ? `${iso.slice(0, 16).replace("T", " ")} UTC` : iso;
}

/**
 * Replaces raw identifiers by the names the report maps them to: an exact cell value (a clone path such as "..")
 * or one part of a composite source ("data/repos.yaml + git clone ."). Unmapped relative paths say what they are.
 */
export function humaniser(names: Record<string, string>): (text: string) => string {
  const one = (t: string) => names[t] ?? (/^\.{1,2}(\/.*)?$/.test(t) ? `local folder ${t}` : t);
  return (text) => {
    if (!text.includes(" + ")) return one(text);
    return [...new Set(text.split(" + ").map(one))].join(" + ");
  };
}

// Building an Intl.NumberFormat costs ~0.1 ms; a report has dozens of money columns.
const CENTS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** Money in a ledger column: cents on every row when any row has cents, whole dollars otherwise. */
export function ledgerMoney(values: number[]): (v: number) => string {
  const cents = values.some((v) => Math.abs(v) < Number.MAX_SAFE_INTEGER && Math.round(v * 100) % 100 !== 0);
  const f = cents ? CENTS : WHOLE;
  return (v) => (Math.abs(v) >= Number.MAX_SAFE_INTEGER ? formatValue(v, "usd") : `${v < 0 ? "−" : ""}$${f.format(Math.abs(v))}`);
}

// Status words that mean something needs attention, whatever table they appear in.
const ALARM = /^(unreconciled|not reconciled|failed|overdue|missing|breach(ed)?|off target|critical)$/i;

/** Whether a table cell holds a status that should stand out (e.g. "unreconciled"). */
export function isAlarm(text: string): boolean {
  return ALARM.test(text.trim());
}
