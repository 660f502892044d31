/** The site's pages as strings: the index, one page per archived report, one trend page per audience. Links are relative. */
import MarkdownIt from "markdown-it";
import type { ArchivedKpi } from "../../src/archive/model.js";
import type { ArchiveEntry } from "../../src/archive/read.js";
import type { AudienceTrend, KpiSeries } from "../../src/archive/trends.js";
import { escapeHtml as esc } from "../../src/render/escape.js";
import { formatValue } from "../../src/shared/format.js";
import { kpiChartSvg } from "./chart.js";
import { NAV_CSS, SITE_CSS } from "./style.js";

export const SITE_TITLE = "Executive reports archive";
const KIND = { week: "weekly", month: "monthly", quarter: "quarterly" } as const;

function page(o: { title: string; root: string; nav: [string, string][]; body: string; current?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(o.title)}</title>
<style>${SITE_CSS}</style>
</head>
<body>
<a class="xr-skip" href="#content">Skip to content</a>
${nav(o.root, o.nav, o.current)}
<main class="xr" id="content">
${o.body}
</main>
</body>
</html>
`;
}

function nav(root: string, extra: [string, string][], current?: string): string {
  const links: [string, string][] = [[`${root}index.html`, "All reports"], ...extra];
  const item = ([href, text]: [string, string]) =>
    `<li><a href="${esc(href)}"${text === current ? ' aria-current="page"' : ""}>${esc(text)}</a></li>`;
  return `<nav class="xr-nav" aria-label="Archive"><ul>${links.map(item).join("")}</ul></nav>`;
}

const targetText = (k: Pick<ArchivedKpi, "target" | "unit">) =>
  k.target ? `target ${k.target.op === ">=" ? "≥" : "≤"} ${formatValue(k.target.value, k.unit)}` : "no target";

function kpiValue(k: ArchivedKpi): string {
  if (k.value === null) return `<span class="muted">not measured</span>`;
  const cls = k.status === "off-target" ? "bad" : k.status === "ok" ? "good" : "";
  const note = k.status === "off-target" ? " (off target)" : "";
  return `<span class="${cls}">${esc(formatValue(k.value, k.unit))}${note}</span>`;
}

/** index.html: one card per audience (latest headline figures, every period) and where its trends are. */
export function indexPage(trends: AudienceTrend[], total: number): string {
  const periods = new Set(trends.flatMap((t) => t.periods));
  const cards = trends.map((t) => {
    const latest = t.entries[t.entries.length - 1]!;
    const kind = latest.report.period.kind ?? t.entries.map((e) => e.report.period.kind).find(Boolean);
    const headline = t.headline.map((id) => latest.report.kpis.find((k) => k.id === id)).filter((k): k is ArchivedKpi => !!k);
    const list = [...t.entries]
      .reverse()
      .map((e) => `<li><a href="${esc(e.period)}/${esc(e.audience.id)}.html">${esc(e.period)}</a></li>`)
      .join("");
    return `<section class="card" aria-labelledby="a-${esc(t.audience.id)}">
<h2 id="a-${esc(t.audience.id)}">${esc(t.audience.label)}${kind ? `<span class="badge">${KIND[kind]}</span>` : ""}</h2>
<p class="muted">${t.entries.length} report${t.entries.length === 1 ? "" : "s"}; latest <a href="${esc(latest.period)}/${esc(t.audience.id)}.html">${esc(latest.period)}</a> · <a href="trends/${esc(t.audience.id)}.html">Trends of every KPI</a></p>
<ul class="kpis" aria-label="Headline KPIs, ${esc(latest.period)}">${headline.map((k) => `<li><span>${esc(k.label)}</span><span class="v">${kpiValue(k)}</span></li>`).join("")}</ul>
<h3 class="muted" style="font-size:1rem;margin:8px 0 0">Every report</h3>
<ul class="periods">${list}</ul>
</section>`;
  });
  const body = `<h1>${SITE_TITLE}</h1>
<p class="muted">${total} report${total === 1 ? "" : "s"} for ${trends.length} audience${trends.length === 1 ? "" : "s"} over ${periods.size} period${periods.size === 1 ? "" : "s"}, each as it was sent.</p>
${total ? `<div class="cards">${cards.join("\n")}</div>` : "<p>Nothing archived yet: run a report, then build the site again.</p>"}`;
  return page({ title: SITE_TITLE, root: "", nav: [], body, current: "All reports" });
}

/** trends/<audience>.html: a chart and a table of values for every KPI over every archived period. */
export function trendPage(t: AudienceTrend): string {
  const headline = new Set(t.headline);
  const ordered = [...t.series.filter((s) => headline.has(s.id)), ...t.series.filter((s) => !headline.has(s.id))];
  const figures = ordered.map((s, i) => figure(s, `k${i}`, headline.has(s.id)));
  const body = `<h1>${esc(t.audience.label)}: trends</h1>
<p class="muted">${t.series.length} KPIs over ${t.periods.length} report${t.periods.length === 1 ? "" : "s"}, ${esc(t.periods[0]!)} to ${esc(t.periods[t.periods.length - 1]!)}. Dashed line: the target.</p>
<div class="cards">${figures.join("\n")}</div>`;
  const own = `${t.audience.label} trends`;
  return page({
    title: `${t.audience.label}: trends · ${SITE_TITLE}`,
    root: "../",
    nav: [[`${t.audience.id}.html`, own]],
    body,
    current: own,
  });
}

function figure(s: KpiSeries, id: string, isHeadline: boolean): string {
  const svg = kpiChartSvg(s, id);
  const rows = s.points
    .map(
      (p) =>
        `<tr data-kpi="${esc(s.id)}" data-period="${esc(p.period)}"><th scope="row">${esc(p.period)}</th><td>${p.value === null ? "—" : `<data value="${p.value}">${esc(formatValue(p.value, s.unit))}</data>`}</td></tr>`,
    )
    .join("");
  return `<figure class="card" data-kpi="${esc(s.id)}">
<figcaption>${esc(s.label)}${isHeadline ? '<span class="badge">headline</span>' : ""} <span class="muted">· ${esc(targetText(s))}</span></figcaption>
${svg ?? '<p class="muted">Not measured in any archived period.</p>'}
<details><summary>Values<span class="xr-skip"> of ${esc(s.label)}</span></summary><table class="values"><thead><tr><th scope="col">Period</th><th scope="col">${esc(s.label)}</th></tr></thead><tbody>${rows}</tbody></table></details>
</figure>`;
}

const markdown = new MarkdownIt({ html: false, linkify: false });

/**
 * <period>/<audience>.html: the email HTML as sent, with the site's navigation and a <main> landmark added;
 * the archived Markdown or the JSON when no HTML was archived.
 */
export function reportPage(e: ArchiveEntry, files: { html?: string; md?: string }): string {
  const title = `${e.audience.label} · ${e.period}`;
  const extra: [string, string][] = [
    [`../trends/${e.audience.id}.html`, `${e.audience.label} trends`],
    [`${e.audience.id}.json`, "JSON"],
  ];
  if (e.files.md) extra.push([`${e.audience.id}.md`, "Markdown"]);
  if (files.html) {
    const html = files.html;
    const body = /<body\b[^>]*>/i.exec(html);
    const end = html.toLowerCase().lastIndexOf("</body>");
    const head = html.toLowerCase().indexOf("</head>");
    if (body && end > body.index && head > 0 && head < body.index) {
      const open = body.index + body[0].length;
      return `${html.slice(0, head)}<style>${NAV_CSS}</style>${html.slice(head, open)}\n<a class="xr-skip" href="#content">Skip to content</a>\n${nav("../", extra)}\n<main id="content">${html.slice(open, end)}</main>\n${html.slice(end)}`;
    }
  }
  const content = files.md
    ? `<div class="md">${markdown.render(files.md)}</div>`
    : `<h1>${esc(e.report.title)}</h1>
<p class="muted">${esc(e.period)}</p>
${e.report.summary.map((s) => `<p>${esc(s)}</p>`).join("\n")}
<ul class="kpis card">${e.report.kpis.map((k) => `<li><span>${esc(k.label)} <span class="muted">(${esc(targetText(k))})</span></span><span class="v">${kpiValue(k)}</span></li>`).join("")}</ul>`;
  return page({ title: `${title} · ${SITE_TITLE}`, root: "../", nav: extra, body: content });
}
