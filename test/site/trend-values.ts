/** Reads a trend page back: each KPI's table values and chart points, parsed with parse5 (the HTML spec's parser). */
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const text = (n: Node): string =>
  n.nodeName === "#text" ? (n as DefaultTreeAdapterMap["textNode"]).value : "childNodes" in n ? n.childNodes.map(text).join("") : "";

/** Parses "$31,234.50", "12.5 mo", "1.75%", "—" back to numbers (null for —). */
export function parseShown(s: string): number | null {
  const t = s.trim();
  if (t === "—") return null;
  const n = Number(t.replace(/[$,%]|\s*mo$|\s*d$/g, "").replace("−", "-"));
  if (Number.isNaN(n)) throw new Error(`not a number: ${s}`);
  return n;
}

export function trendValues(html: string): {
  table: Map<string, (number | null)[]>;
  chart: Map<string, { period: string; value: number }[]>;
  /** "kpi/period" → the text a reader sees. */
  shown: Map<string, string>;
} {
  const shown = new Map<string, string>();
  const table = new Map<string, (number | null)[]>();
  const chart = new Map<string, { period: string; value: number }[]>();
  let figure: string | undefined;
  const walk = (n: Node) => {
    if ("tagName" in n) {
      if (n.tagName === "figure") figure = attr(n, "data-kpi");
      if (n.tagName === "tr" && attr(n, "data-kpi")) {
        const td = n.childNodes.find((c): c is Element => "tagName" in c && c.tagName === "td")!;
        const data = td.childNodes.find((c): c is Element => "tagName" in c && c.tagName === "data");
        const id = attr(n, "data-kpi")!;
        // The exact value is the <data> element's; its text is the value as formatted for reading.
        const value = data ? Number(attr(data, "value")) : parseShown(text(td));
        if (data) shown.set(`${id}/${attr(n, "data-period")}`, text(data));
        table.set(id, [...(table.get(id) ?? []), value]);
      }
      if (n.tagName === "circle" && attr(n, "data-value") && figure)
        chart.set(figure, [...(chart.get(figure) ?? []), { period: attr(n, "data-period")!, value: Number(attr(n, "data-value")) }]);
    }
    for (const c of "childNodes" in n ? n.childNodes : []) walk(c);
  };
  walk(parse(html));
  return { table, chart, shown };
}
