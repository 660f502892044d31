/**
 * Sections for the templates: tables that are grids at 600 px and one record per row on a phone, wide matrices
 * turned so their long side runs down the page, and signed bars (losses drawn to the left of the axis).
 */
import type { Section } from "../analyse/report.js";
import { formatValue, type Unit } from "../shared/format.js";
import { isAlarm, ledgerMoney } from "./display.js";

// A 375 px screen leaves about 347 px for a table (14 px padding a side); each cell pads 12 px.
const NARROW_TABLE_PX = 347;
const CELL_PADDING_PX = 12;
// A generous average glyph width for 12–13 px Arial, so estimates err towards wrapping.
const CHAR_PX = 7.5;

type CellKind = "numeric" | "nowrap" | "words" | "plain";

/**
 * How each column may wrap: the first column (it names the row) unbroken when short, words whole elsewhere,
 * and breaking inside words only where the narrowest screen would otherwise scroll sideways. This is a
 * width estimate for layout, not a figure: the browser test checks the result at 375 px.
 */
export function columnKinds(columns: { label: string; numeric: boolean; texts: string[] }[], widthPx = NARROW_TABLE_PX): CellKind[] {
  const longestWord = (ts: string[]) => Math.max(0, ...ts.flatMap((t) => t.split(/\s+/).map((w) => w.length)));
  const longestCell = (ts: string[]) => Math.max(0, ...ts.map((t) => t.length));
  const kinds: CellKind[] = columns.map((c, i) => (c.numeric ? "numeric" : i === 0 && longestCell(c.texts) <= 16 ? "nowrap" : "words"));
  const width = (i: number) => {
    const c = columns[i]!;
    const header = longestWord([c.label]);
    const body = kinds[i] === "numeric" || kinds[i] === "nowrap" ? longestCell(c.texts) : kinds[i] === "words" ? longestWord(c.texts) : 3;
    return Math.max(header, body) * CHAR_PX + CELL_PADDING_PX;
  };
  for (;;) {
    const widths = columns.map((_, i) => width(i));
    if (widths.reduce((a, b) => a + b, 0) <= widthPx) return kinds;
    const candidates = widths.map((w, i) => ({ w, i })).filter(({ i }) => kinds[i] === "nowrap" || kinds[i] === "words");
    if (!candidates.length) return kinds;
    const widest = candidates.reduce((a, b) => (b.w > a.w ? b : a)).i;
    kinds[widest] = kinds[widest] === "nowrap" ? "words" : "plain";
  }
}

/** A bar for a value against the largest magnitude: widths in % of each half when any value is negative. */
export function signedBar(v: number, maxAbs: number, signed: boolean) {
  const w = Math.max(1, Math.round((Math.abs(v) / (maxAbs || 1)) * (signed ? 50 : 100)));
  if (!signed) return { signed: false, pos: w, posRest: 100 - w, neg: 0, negRest: 0 };
  return v < 0
    ? { signed: true, neg: w, negRest: 50 - w, pos: 0, posRest: 50 }
    : { signed: true, neg: 0, negRest: 50, pos: w, posRest: 50 - w };
}

/** Matrices with many more columns than rows (entities × channels) read better turned: the long side down the page. */
function turned(s: Section): Section {
  const [first, ...rest] = s.columns;
  if (!first || s.columns.length <= 6 || s.rows.length > 5 || s.rows.length >= rest.length || rest.some((c) => c.unit)) return s;
  const heads = s.rows.map((r, i) => ({ key: `r${i}`, label: String(r[first.key] ?? "—") }));
  return {
    ...s,
    columns: [{ key: "name", label: `${first.label} →` }, ...heads],
    rows: rest.map((c) => ({ name: c.label, ...Object.fromEntries(s.rows.map((r, i) => [`r${i}`, r[c.key] ?? null])) })),
  };
}

/** Cell text for a section: ledger money per column, units, human names, a dash for nothing. */
function cellText(s: Section, human: (t: string) => string) {
  const money = new Map(
    s.columns
      .filter((c) => c.unit === "usd")
      .map((c) => [c.key, ledgerMoney(s.rows.flatMap((r) => (typeof r[c.key] === "number" ? [r[c.key] as number] : [])))]),
  );
  const units = new Map(s.columns.map((c) => [c.key, c.unit as Unit | undefined]));
  return (key: string, v: string | number | null | undefined) => {
    if (typeof v === "number") return money.get(key)?.(v) ?? formatValue(v, units.get(key));
    return v === null || v === undefined || v === "" ? "—" : human(String(v));
  };
}

/** Everything a section's templates read; `ref` numbers its source among the report's footnotes. */
export function sectionView(original: Section, ref: number, human: (t: string) => string) {
  const s = turned(original);
  const text = cellText(s, human);
  const plainText = s === original ? text : cellText(original, human);
  const chartCol = s.chart?.value;
  const chartValues = chartCol ? s.rows.flatMap((r) => (typeof r[chartCol] === "number" ? [r[chartCol] as number] : [])) : [];
  const maxAbs = Math.max(1e-9, ...chartValues.map(Math.abs));
  const signed = chartValues.some((v) => v < 0);
  // A chart of a two-column table is the table: draw it alone. A wider table carries its bars in the charted column.
  const chartOnly = s.chart !== undefined && s.columns.length === 2 && chartValues.length > 0;
  let chart = null;
  if (chartOnly) {
    const { label, value } = s.chart!;
    chart = {
      title: s.columns.find((c) => c.key === value)?.label ?? value,
      bars: s.rows.flatMap((r) =>
        typeof r[value] === "number"
          ? [{ label: text(label, r[label]), value: text(value, r[value]), ...signedBar(r[value] as number, maxAbs, signed) }]
          : [],
      ),
    };
  }
  const numeric = new Set(s.columns.filter((c) => c.unit).map((c) => c.key));
  const kinds = columnKinds(
    s.columns.map((c) => ({ label: c.label, numeric: numeric.has(c.key), texts: s.rows.map((r) => text(c.key, r[c.key])) })),
  );
  // Two or three columns that fit a phone unbroken stay a table there; anything wider becomes one record per row.
  const stack = s.columns.length > 3 || kinds.includes("plain");
  return {
    id: s.id,
    title: s.title,
    intro: s.intro ?? "",
    chart,
    table: !chartOnly,
    stack,
    fixed: !stack,
    hasRows: s.rows.length > 0,
    columns: s.columns.map((c) => ({ label: c.label, numeric: numeric.has(c.key) })),
    rows: s.rows.map((r) => ({
      cells: s.columns.map((c, i) => {
        const t = text(c.key, r[c.key]);
        const v = r[c.key];
        const bar = !chartOnly && c.key === chartCol && typeof v === "number" ? signedBar(v, maxAbs, signed) : null;
        const kind = kinds[i]!;
        return {
          text: t,
          label: c.label,
          head: i === 0,
          numeric: kind === "numeric",
          nowrap: kind === "nowrap",
          words: kind === "words",
          plain: kind === "plain",
          alarm: isAlarm(t),
          bar,
        };
      }),
    })),
    // Plain text reads the section as first given: one record per row, "Label: value".
    records: (original.columns.length ? original.rows : []).map((r) => ({
      head: plainText(original.columns[0]!.key, r[original.columns[0]!.key]),
      headLabel: original.columns[0]!.label,
      fields: original.columns.slice(1).map((c) => ({ label: c.label, text: plainText(c.key, r[c.key]) })),
    })),
    source: human(s.source),
    ref,
  };
}

export type SectionView = ReturnType<typeof sectionView>;
