/** Number formatting for display. Formatting is presentation, not computation: values come computed. */
export type Unit = "usd" | "count" | "pct" | "months" | "days" | "ratio";

// Building an Intl.NumberFormat costs ~20 µs; toLocaleString builds one per call, and a report formats hundreds.
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(maxDigits: number): Intl.NumberFormat {
  let f = formats.get(maxDigits);
  if (!f) formats.set(maxDigits, (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: maxDigits })));
  return f;
}

/** Formats a value in its unit: $1,234, 12.5%, 4.2 months, ∞. */
export function formatValue(v: number | null | undefined, unit?: Unit): string {
  if (v === null || v === undefined) return "—";
  if (v >= Number.MAX_SAFE_INTEGER) return unit === "months" ? "∞ (not burning)" : "∞";
  const n = (x: number, d: number) => numberFormat(d).format(x);
  switch (unit) {
    case "usd": {
      const abs = Math.abs(v);
      const s = abs >= 1000 || Number.isInteger(abs) ? n(Math.round(abs), 0) : abs.toFixed(2);
      return `${v < 0 ? "−" : ""}$${s}`;
    }
    case "pct":
      return `${n(v, 2)}%`;
    case "months":
      return `${n(v, 1)} mo`;
    case "days":
      return `${n(v, 1)} d`;
    default:
      return n(v, 2);
  }
}

/** Formats a delta with its sign. */
export function formatDelta(d: number, unit?: Unit): string {
  if (d === 0) return "no change";
  const s = formatValue(Math.abs(d), unit);
  return `${d > 0 ? "+" : "−"}${s.replace(/^−/, "")}`;
}
