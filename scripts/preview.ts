/**
 * `npm run preview [-- --out DIR] [--data DIR]`: renders every role's sample report and screenshots it in
 * Debian's Chromium at 600 px and 375 px (light and dark), writing PNGs and the HTML beside them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderReport } from "../src/render/render.js";
import { CHROMIUM_PATH, chromiumAvailable, openEmailBrowser } from "./dev/browser.js";
import { sampleReports } from "./dev/sample.js";

const WIDTHS = [600, 375];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: "string", default: "out/screenshots" }, data: { type: "string" } },
    allowPositionals: false,
  });
  if (!chromiumAvailable()) {
    console.error(`error: ${CHROMIUM_PATH} not found. Install Debian's Chromium: apt-get install -y chromium`);
    return 1;
  }
  const out = path.resolve(values.out!);
  await mkdir(out, { recursive: true });
  const reports = await sampleReports(values.data ? path.resolve(values.data) : undefined);
  const browser = await openEmailBrowser();
  let problems = 0;
  try {
    for (const report of reports) {
      const { html } = renderReport(report);
      await writeFile(path.join(out, `${report.role}.html`), html);
      const kb = (Buffer.byteLength(html) / 1024).toFixed(1);
      for (const width of WIDTHS) {
        for (const dark of [false, true]) {
          const file = path.join(out, `${report.role}-${width}${dark ? "-dark" : ""}.png`);
          const m = await browser.measure(html, { width, dark, screenshot: file });
          const overflow = m.scrollWidth > width;
          if (overflow || m.requests.length) problems++;
          console.log(
            `${report.role.padEnd(10)} ${String(width).padStart(3)} px${dark ? " dark" : "     "}  ${kb} KB  height ${m.height} px  scrollWidth ${m.scrollWidth}${overflow ? "  OVERFLOW" : ""}${m.requests.length ? `  requests: ${m.requests.join(", ")}` : ""}  ${path.relative(process.cwd(), file)}`,
          );
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
