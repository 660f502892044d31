/**
 * `npm run bench:render`: time to render one report (HTML + text + Markdown) after warm-up, per role and format, on
 * the sample run's reports with 12 periods of history (sparklines drawn). Budget: 20 ms a report. Exits 1 when a
 * median is over budget.
 */
import { performance } from "node:perf_hooks";
import { FORMATS } from "../src/analyse/report.js";
import { renderReport } from "../src/render/render.js";
import { loadTemplates } from "../src/render/templates.js";
import { sampleReportsWithHistory } from "./dev/sample-history.js";

const BUDGET_MS = 20;
const WARMUP = 50;
const RUNS = 300;
const LINKS = { report: "https://reports.example.com/latest/" };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const reports = await sampleReportsWithHistory();
const t0 = performance.now();
const templates = loadTemplates();
for (const r of reports) for (const f of FORMATS) templates.email(r.role, f);
const compileMs = performance.now() - t0;
console.log(
  `templates compiled (juice, once per role and format per process) in ${compileMs.toFixed(1)} ms; ${WARMUP} warm-up + ${RUNS} timed renders each\n`,
);
console.log("role       format        KB    median    p95      max   (ms)");
let over = 0;
for (const report of reports) {
  for (const format of FORMATS) {
    const render = () => renderReport(report, { format, links: LINKS, templates });
    for (let i = 0; i < WARMUP; i++) render();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      const r = render();
      times.push(performance.now() - s);
      bytes = Buffer.byteLength(r.html);
    }
    times.sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    if (median > BUDGET_MS) over++;
    console.log(
      `${report.role.padEnd(10)} ${format.padEnd(9)} ${(bytes / 1024).toFixed(1).padStart(6)} ${median.toFixed(2).padStart(8)} ${quantile(times, 0.95).toFixed(2).padStart(8)} ${times.at(-1)!.toFixed(2).padStart(8)}${median > BUDGET_MS ? "  OVER BUDGET" : ""}`,
    );
  }
}
console.log(`\nbudget ${BUDGET_MS} ms a report: ${over ? `${over} over` : "all within"}`);
process.exit(over ? 1 : 0);
