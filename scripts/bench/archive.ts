/**
 * `npm run bench:archive [-- --weeks 8 --months 4 --out bench]`: how fast the archive grows, measured on the sample.
 * Runs the offline pipeline for consecutive weeks and months and archives each report as the pipeline will, under
 * the sample's audiences (data/audiences.yaml): five weekly role reports, an entity manager's weekly report (the CEO
 * role scoped to one entity), a monthly CFO close, a monthly board summary and a monthly link-only report.
 * Measures bytes per report (JSON + Markdown + HTML), the git pack after one fan-in commit per period, then a
 * year of the archive (52 weeks, 12 months) built from the measured reports: its raw size, the README, and the
 * static site's build time and page sizes. Writes OUT/archive.json and OUT/ARCHIVE.md.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { deflateSync } from "node:zlib";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { fanIn } from "../../src/archive/fan-in.js";
import { readArchive } from "../../src/archive/read.js";
import { archiveReadme } from "../../src/archive/readme.js";
import { archiveReport } from "../../src/archive/writer.js";
import { prepare } from "../../src/pipeline/prepare.js";
import { run } from "../../src/pipeline/run.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";
import { offlineEdges } from "../../src/wiring/edges.js";
import { buildSite } from "../site/build.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    weeks: { type: "string", default: "8" },
    months: { type: "string", default: "4" },
    out: { type: "string", default: path.join(ROOT, "bench") },
  },
});
const WEEKS_MEASURED = Number(values.weeks);
const MONTHS_MEASURED = Number(values.months);
const LAST_WEEK = 48;
const LAST_MONTH = 11;
const YEAR = 2026;
const say = (m: string) => process.stdout.write(`${m}\n`);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;

interface Audience {
  id: string;
  cadence: "weekly" | "monthly";
}
const PER_YEAR = { weekly: 52, monthly: 12 } as const;

const tmp = await mkdtemp(path.join(os.tmpdir(), "exec-bench-archive-"));
const dataDir = path.join(ROOT, "data");
const out = path.join(tmp, "out");
const now = () => new Date("2026-12-01T18:00:00Z");
// The sample's own audiences (data/audiences.yaml): the pipeline archives each report as it renders it.
const { audiences: sample } = await prepare(dataDir, builtinRoles);
const AUDIENCES: Audience[] = sample
  .filter((a) => a.cadence !== "quarterly")
  .map((a) => ({ id: a.id, cadence: a.cadence as Audience["cadence"] }));
const wall = () => new Date();

/** Runs the pipeline for every audience of the period's cadence; the run archives each report under OUT/archive. */
async function archiveRun(period: string): Promise<void> {
  const log = memoryLogger();
  const opts = { dataDir, outDir: out, now, wall, select: { period }, force: true, dryRun: false, env: {} };
  const r = await run(opts, log, offlineEdges(out, wall));
  for (const x of r.reports) {
    if (x.status !== "rendered") throw new Error(`${x.reportId}: ${x.status} ${x.error ?? ""}\n${log.lines.join("\n")}`);
    const dir = path.join(out, "archive", period);
    const sizes = await Promise.all(
      ["json", "md", "html"].map((ext) => stat(path.join(dir, `${x.audience.id}.${ext}`)).then((st) => st.size)),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    bytes.get(x.audience.id)?.push(total);
    say(`${x.reportId}: ${kb(total)}`);
  }
}

const weeks = Array.from({ length: WEEKS_MEASURED }, (_, i) => `${YEAR}-W${String(LAST_WEEK - WEEKS_MEASURED + 1 + i).padStart(2, "0")}`);
const months = Array.from(
  { length: MONTHS_MEASURED },
  (_, i) => `${YEAR}-${String(LAST_MONTH - MONTHS_MEASURED + 1 + i).padStart(2, "0")}`,
);
const bytes = new Map<string, number[]>(AUDIENCES.map((a) => [a.id, []]));
const remote = path.join(tmp, "remote.git");
execFileSync("git", ["init", "-q", "--bare", remote]);
const started = performance.now();
let commits = 0;
// One fan-in per period, as the workflow commits once per run.
for (const period of [...weeks, ...months]) {
  await archiveRun(period);
  await fanIn({ sources: [out], remote });
  commits++;
}
const measureSeconds = (performance.now() - started) / 1000;
execFileSync("git", ["gc", "-q", "--aggressive"], { cwd: remote });
const packLine = execFileSync("git", ["count-objects", "-v"], { cwd: remote, encoding: "utf8" });
const packBytes = Number(/size-pack: (\d+)/.exec(packLine)![1]) * 1024;
// Without deltas (reports that share nothing with the one before), git stores each file zlib-compressed: the upper bound.
let deflatedBytes = 0;
for (const f of await readdir(path.join(out, "archive"), { recursive: true, withFileTypes: true }))
  if (f.isFile()) deflatedBytes += deflateSync(await readFile(path.join(f.parentPath, f.name))).length;
const archivedReports = [...bytes.values()].reduce((n, xs) => n + xs.length, 0);
const rawBytes = [...bytes.values()].flat().reduce((n, b) => n + b, 0);

const avg = (xs: number[]) => xs.reduce((n, x) => n + x, 0) / xs.length;
const perAudience = AUDIENCES.map((a) => {
  const each = avg(bytes.get(a.id)!);
  return {
    id: a.id,
    cadence: a.cadence,
    reportsMeasured: bytes.get(a.id)!.length,
    bytesPerReport: Math.round(each),
    perYear: PER_YEAR[a.cadence],
    bytesPerYear: Math.round(each * PER_YEAR[a.cadence]),
  };
});
const yearReports = perAudience.reduce((n, a) => n + a.perYear, 0);
const yearRaw = perAudience.reduce((n, a) => n + a.bytesPerYear, 0);
const packRatio = packBytes / rawBytes;
const deflateRatio = deflatedBytes / rawBytes;

// A year of the archive from the measured reports, relabelled: the README and the site at that size.
const entries = await readArchive(out);
const yearDir = path.join(tmp, "year");
const latestOf = new Map(entries.map((e) => [e.audience.id, e]));
for (const a of AUDIENCES) {
  const e = latestOf.get(a.id)!;
  const labels =
    a.cadence === "weekly"
      ? Array.from({ length: 52 }, (_, i) => `${YEAR}-W${String(i + 1).padStart(2, "0")}`)
      : Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, "0")}`);
  const src = path.join(out, "archive");
  const [html, md] = await Promise.all([readFile(path.join(src, e.files.html!), "utf8"), readFile(path.join(src, e.files.md!), "utf8")]);
  for (const label of labels) {
    const p = parsePeriod(label);
    const relabel = (s: string) => s.split(e.period).join(label);
    const report = { ...e.report, id: `${a.id}.${label}`, period: { ...e.report.period, label, kind: p.kind, start: p.start, end: p.end } };
    await archiveReport({ report, html: relabel(html), markdown: relabel(md) }, { outDir: yearDir });
  }
}
const yearEntries = await readArchive(yearDir);
const readmeBytes = Buffer.byteLength(archiveReadme(yearEntries));
const siteStart = performance.now();
const site = await buildSite({ archiveDir: yearDir, outDir: path.join(tmp, "site") });
const siteMs = Math.round(performance.now() - siteStart);
const pageBytes = async (rel: string) => Buffer.byteLength(await readFile(path.join(tmp, "site", rel)));
const trendSizes = await Promise.all(AUDIENCES.map((a) => pageBytes(`trends/${a.id}.html`)));

const results = {
  generated: new Date().toISOString().slice(0, 10),
  node: process.version,
  measured: {
    weeks,
    months,
    reports: archivedReports,
    rawBytes,
    commits,
    packBytes,
    packRatio: Math.round(packRatio * 1000) / 1000,
    seconds: Math.round(measureSeconds),
  },
  perAudience,
  year: {
    reports: yearReports,
    rawBytes: yearRaw,
    packedBytesEstimate: Math.round(yearRaw * packRatio),
    packedBytesUpperBound: Math.round(yearRaw * deflateRatio),
    readmeBytes,
  },
  site: {
    reports: site.reports,
    pages: site.pages.length,
    buildMs: siteMs,
    htmlBytes: site.htmlBytes,
    indexBytes: await pageBytes("index.html"),
    largestPage: site.largestPage,
    trendPageBytes: { min: Math.min(...trendSizes), max: Math.max(...trendSizes) },
  },
};
await writeFile(path.join(values.out, "archive.json"), `${JSON.stringify(results, null, 2)}\n`);
const md = `# Benchmark: the archive's growth

Generated by \`npm run bench:archive\` on ${results.generated} (${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPU ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? ""}). The offline pipeline ran on the sample for
${weeks.length} weeks (${weeks[0]}–${weeks.at(-1)}) and ${months.length} months (${months[0]}–${months.at(-1)}); each report was archived as
JSON + Markdown + HTML under the sample's audiences below, and each period fanned in as one commit to a local bare repository.

## Per report and per year

| audience | cadence | reports measured | bytes per report | reports a year | bytes a year |
| --- | --- | ---: | ---: | ---: | ---: |
${perAudience.map((a) => `| ${a.id} | ${a.cadence} | ${a.reportsMeasured} | ${kb(a.bytesPerReport)} | ${a.perYear} | ${mb(a.bytesPerYear)} |`).join("\n")}
| **all audiences** | | **${archivedReports}** | **${kb(rawBytes / archivedReports)}** (mean) | **${yearReports}** | **${mb(yearRaw)}** |

In git: the ${archivedReports} measured reports (${mb(rawBytes)} of files, ${commits} commits) pack to **${mb(packBytes)}** after \`git gc --aggressive\`
(**${(packRatio * 100).toFixed(1)}%** of the raw bytes: the sample's consecutive weeks differ little, and git stores deltas). Compressed one by
one with no delta at all, the same files take ${mb(deflatedBytes)} (**${(deflateRatio * 100).toFixed(1)}%**): the bound for data that changes
completely every period. A year of the archive (${yearReports} reports, ${mb(yearRaw)} checked out) therefore adds **${mb(yearRaw * packRatio)}–${mb(yearRaw * deflateRatio)}**
to the repository. The branch README for a full year is ${kb(readmeBytes)}. (KB = 1,024 bytes, MB = 1,024 KB.)

## The static site for a year of the archive

${site.reports} reports (the measured reports relabelled over 52 weeks and 12 months): **${site.pages.length} pages built in ${siteMs} ms**, ${mb(site.htmlBytes)} of HTML;
index ${kb(results.site.indexBytes)}, trend pages ${kb(results.site.trendPageBytes.min)}–${kb(results.site.trendPageBytes.max)}, largest page ${site.largestPage.path} ${kb(site.largestPage.bytes)}
(a report page is the archived email plus the site's navigation).
`;
await writeFile(path.join(values.out, "ARCHIVE.md"), md);
say(md);
await rm(tmp, { recursive: true, force: true });
