/**
 * `npm run site:screenshots [-- --site DIR --out DIR]`: the built site's index, first report page and first trend
 * page in Debian's Chromium at 1280 px and 375 px (light, and dark at 375 px), with axe-core and the count of
 * requests each page tried to make. Dev tooling for reviews; the same checks run in test/site/browser.test.ts.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openEmailBrowser } from "../dev/browser.js";

/** The three kinds of page worth looking at: the index, the first report page and the first trend page. */
export async function samplePages(siteDir: string): Promise<{ name: string; file: string }[]> {
  const trends = (await readdir(path.join(siteDir, "trends"))).filter((f) => f.endsWith(".html")).sort();
  const periods = (await readdir(siteDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && d.name !== "trends")
    .map((d) => d.name);
  const latest = periods.sort().at(-1)!;
  const report = (await readdir(path.join(siteDir, latest))).filter((f) => f.endsWith(".html")).sort()[0]!;
  return [
    { name: "index", file: path.join(siteDir, "index.html") },
    { name: `report-${latest}-${report.replace(/\.html$/, "")}`, file: path.join(siteDir, latest, report) },
    { name: `trends-${trends[0]!.replace(/\.html$/, "")}`, file: path.join(siteDir, "trends", trends[0]!) },
  ];
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const { values } = parseArgs({
    options: {
      site: { type: "string", default: path.join("out", "site") },
      out: { type: "string", default: path.join("out", "screenshots") },
    },
  });
  const browser = await openEmailBrowser();
  try {
    for (const p of await samplePages(path.resolve(values.site))) {
      const html = await readFile(p.file, "utf8");
      for (const [width, dark] of [
        [1280, false],
        [375, false],
        [375, true],
      ] as const) {
        const shot = path.resolve(values.out, `${p.name}-${width}${dark ? "-dark" : ""}.png`);
        const m = await browser.measure(html, { width, dark, screenshot: shot });
        console.log(`${path.relative(process.cwd(), shot)}: scrollWidth ${m.scrollWidth} at ${width} px, ${m.requests.length} requests`);
      }
      const axe = await browser.axe(html, { width: 375 });
      console.log(`${p.name}: axe-core ${axe.length ? axe.map((v) => `${v.id} (${v.nodes.length})`).join(", ") : "clean"}`);
    }
  } finally {
    await browser.close();
  }
}
