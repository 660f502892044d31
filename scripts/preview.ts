/**
 * `npm run preview [-- --out DIR] [--data DIR] [--periods N]`: renders every role's report from the CURRENT data/
 * through the real offline pipeline, with N periods of KPI history analysed from the same data (sparklines,
 * memory, "since the last report"), in all three formats; screenshots each full email in Debian's Chromium at
 * 600 px and 375 px (light and dark), checks the 375 px first screen (headline KPIs and top three actions) and
 * writes the HTML, text and Markdown beside the PNGs. Exits 1 on overflow, a network request, a first screen that
 * misses them, or an email over Gmail's 102 KB clip.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { FORMATS } from "../src/analyse/report.js";
import { renderReport } from "../src/render/render.js";
import { CHROMIUM_PATH, chromiumAvailable, openEmailBrowser } from "./dev/browser.js";
import { sampleReportsWithHistory } from "./dev/sample-history.js";

const WIDTHS = [600, 375];
const PHONE_HEIGHT = 812;
const GMAIL_CLIP = 102 * 1024;
// Where the preview pretends the run, board and archive live, so the footer and the link-only email have links.
const LINKS = {
  run: "https://github.com/example-org/exec-reports/actions/runs/1",
  board: "https://github.com/orgs/example-org/projects/1",
  report: "https://reports.example.com/latest/",
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: "string", default: "out/screenshots" }, data: { type: "string" }, periods: { type: "string", default: "12" } },
    allowPositionals: false,
  });
  if (!chromiumAvailable()) {
    console.error(`error: ${CHROMIUM_PATH} not found. Install Debian's Chromium: apt-get install -y chromium`);
    return 1;
  }
  const out = path.resolve(values.out!);
  await mkdir(out, { recursive: true });
  const reports = await sampleReportsWithHistory({
    dataDir: values.data ? path.resolve(values.data) : undefined,
    periods: Number(values.periods),
  });
  const browser = await openEmailBrowser();
  let problems = 0;
  try {
    for (const report of reports) {
      for (const format of FORMATS) {
        const r = renderReport(report, { format, links: LINKS });
        const base = path.join(out, format === "full" ? report.role : `${report.role}.${format}`);
        await Promise.all([writeFile(`${base}.html`, r.html), writeFile(`${base}.txt`, r.text), writeFile(`${base}.md`, r.markdown)]);
        const bytes = Buffer.byteLength(r.html);
        if (bytes > GMAIL_CLIP) problems++;
        if (format !== "full") {
          console.log(`${report.role.padEnd(10)} ${format.padEnd(9)} ${(bytes / 1024).toFixed(1)} KB  ${r.subject}`);
          continue;
        }
        console.log(`${report.role.padEnd(10)} ${format.padEnd(9)} ${(bytes / 1024).toFixed(1)} KB  ${r.subject}`);
        for (const width of WIDTHS) {
          for (const dark of [false, true]) {
            const file = `${base}-${width}${dark ? "-dark" : ""}.png`;
            const m = await browser.measure(r.html, { width, dark, screenshot: file });
            const overflow = m.scrollWidth > width;
            let first = "";
            if (width === 375) {
              const s = await browser.firstScreen(r.html, {
                width,
                height: PHONE_HEIGHT,
                dark,
                ids: ["headline", "top-actions"],
                screenshot: `${base}-375-first${dark ? "-dark" : ""}.png`,
              });
              const bottom = Math.round(Math.max(s.boxes.headline?.bottom ?? Infinity, s.boxes["top-actions"]?.bottom ?? Infinity));
              if (bottom > PHONE_HEIGHT) problems++;
              first = `  first screen: headline + top actions end at ${bottom} px of ${PHONE_HEIGHT}${bottom > PHONE_HEIGHT ? "  BELOW THE FOLD" : ""}`;
            }
            if (overflow || m.requests.length) problems++;
            console.log(
              `  ${String(width).padStart(3)} px${dark ? " dark" : "     "}  height ${m.height} px  scrollWidth ${m.scrollWidth}${overflow ? "  OVERFLOW" : ""}${m.requests.length ? `  requests: ${m.requests.join(", ")}` : ""}${first}  ${path.relative(process.cwd(), file)}`,
            );
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  return problems ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
