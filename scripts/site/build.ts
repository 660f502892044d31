/**
 * `npm run site [-- --archive DIR --out DIR]`: a static site from the archive (default out/archive, or a checkout
 * of the archive branch): index.html, <period>/<audience>.html for every report (with its JSON and Markdown
 * beside it), trends/<audience>.html with a chart of every KPI. Charts are SVG drawn at build time: the pages
 * carry no script and load nothing.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { archiveFolder, readArchive } from "../../src/archive/read.js";
import { audienceTrends } from "../../src/archive/trends.js";
import { displayPath } from "../../src/shared/display-path.js";
import { UserError } from "../../src/shared/errors.js";
import { indexPage, reportPage, trendPage } from "./pages.js";

export interface SiteOptions {
  /** An OUT folder, its archive/ folder, or a checkout of the archive branch. */
  archiveDir: string;
  outDir: string;
}

export interface SiteResult {
  /** Pages written, relative to outDir (POSIX). */
  pages: string[];
  reports: number;
  audiences: number;
  /** Bytes of every HTML page written. */
  htmlBytes: number;
  largestPage: { path: string; bytes: number };
}

/** Builds the site into outDir (emptied first). */
export async function buildSite(o: SiteOptions): Promise<SiteResult> {
  const root = archiveFolder(o.archiveDir);
  const entries = await readArchive(o.archiveDir);
  const trends = audienceTrends(entries);
  await rm(o.outDir, { recursive: true, force: true });
  const pages = new Map<string, string>();
  pages.set("index.html", indexPage(trends, entries.length));
  for (const t of trends) pages.set(`trends/${t.audience.id}.html`, trendPage(t));
  for (const e of entries) {
    const read = async (f?: string) => (f ? readFile(path.join(root, ...f.split("/")), "utf8") : undefined);
    const [html, md] = await Promise.all([read(e.files.html), read(e.files.md)]);
    pages.set(`${e.period}/${e.audience.id}.html`, reportPage(e, { ...(html ? { html } : {}), ...(md ? { md } : {}) }));
  }
  let largest = { path: "", bytes: 0 };
  let htmlBytes = 0;
  for (const [rel, html] of pages) {
    const file = path.join(o.outDir, ...rel.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html);
    const bytes = Buffer.byteLength(html);
    htmlBytes += bytes;
    if (bytes > largest.bytes) largest = { path: rel, bytes };
  }
  // The archived data beside each page, for whoever wants the figures or the Markdown.
  for (const e of entries)
    for (const f of [e.files.json, e.files.md].filter((x): x is string => !!x))
      await copyFile(path.join(root, ...f.split("/")), path.join(o.outDir, ...f.split("/")));
  return { pages: [...pages.keys()], reports: entries.length, audiences: trends.length, htmlBytes, largestPage: largest };
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const { values } = parseArgs({
    options: {
      archive: { type: "string", default: path.join("out", "archive") },
      out: { type: "string", default: path.join("out", "site") },
    },
  });
  try {
    const started = performance.now();
    const r = await buildSite({ archiveDir: path.resolve(values.archive), outDir: path.resolve(values.out) });
    if (!r.reports) console.warn(`warning: no archived report under ${displayPath(path.resolve(values.archive))}; the site says so`);
    console.log(
      `site: ${r.pages.length} pages (${r.reports} reports, ${r.audiences} audiences) in ${displayPath(path.resolve(values.out))}, ${(r.htmlBytes / 1024).toFixed(1)} KB of HTML, largest ${r.largestPage.path} ${(r.largestPage.bytes / 1024).toFixed(1)} KB, built in ${Math.round(performance.now() - started)} ms`,
    );
  } catch (e) {
    console.error(`error: ${e instanceof UserError ? e.message : (e as Error).stack}`);
    process.exitCode = 1;
  }
}
