/**
 * `npm run bench:render`: time to render one report (HTML + text + Markdown) after warm-up, per role, on the
 * sample run's reports. Budget: 20 ms a report. Exits 1 when a role's median is over budget.
 */
import { performance } from "node:perf_hooks";
import { renderReport } from "../src/render/render.js";
import { loadTemplates } from "../src/render/templates.js";
import { sampleReports } from "./dev/sample.js";

const BUDGET_MS = 20;
const WARMUP = 50;
const RUNS = 300;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const t0 = performance.now();
const templates = loadTemplates();
for (const role of ["ceo", "cto", "cfo", "cmo", "accounting"] as const) templates.email(role);
const compileMs = performance.now() - t0;
const reports = await sampleReports();
console.log(
  `templates compiled (juice, once per role per process) in ${compileMs.toFixed(1)} ms; ${WARMUP} warm-up + ${RUNS} timed renders per role\n`,
);
console.log("role        KB    median    p95      max   (ms)");
let over = 0;
for (const report of reports) {
  for (let i = 0; i < WARMUP; i++) renderReport(report);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const r = renderReport(report);
    times.push(performance.now() - s);
    bytes = Buffer.byteLength(r.html);
  }
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  if (median > BUDGET_MS) over++;
  console.log(
    `${report.role.padEnd(10)} ${(bytes / 1024).toFixed(1).padStart(5)} ${median.toFixed(2).padStart(8)} ${quantile(times, 0.95).toFixed(2).padStart(8)} ${times.at(-1)!.toFixed(2).padStart(8)}${median > BUDGET_MS ? "  OVER BUDGET" : ""}`,
  );
}
console.log(`\nbudget ${BUDGET_MS} ms a report: ${over ? `${over} role(s) over` : "all within"}`);
process.exit(over ? 1 : 0);
