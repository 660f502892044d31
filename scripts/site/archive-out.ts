/**
 * `npm run archive:out [-- --out DIR]`: archives the reports a run left in OUT/reports (JSON, Markdown, HTML) into
 * OUT/archive/<period>/<audience>.*, exactly as the pipeline's archive step will once it calls archiveReport
 * itself. Dev tooling: a bridge for runs made before that, the demo and the size benchmark.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { type ArchivedCopy, archiveReport, redactSecrets } from "../../src/archive/writer.js";
import { displayPath } from "../../src/shared/display-path.js";

/** Environment values that must never reach the archive. */
export const SECRET_ENV = [
  "GITHUB_TOKEN",
  "EXEC_REPORTS_TOKEN",
  "SLACK_WEBHOOK_URL",
  "REPORT_WEBHOOK_URL",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
];

/** Archives every OUT/reports/<name>.json (with its .md and .html) into OUT/archive. */
export async function archiveOutReports(outDir: string, env: NodeJS.ProcessEnv = process.env): Promise<ArchivedCopy[]> {
  const dir = path.join(outDir, "reports");
  if (!existsSync(dir)) return [];
  const redact = redactSecrets(SECRET_ENV.map((k) => env[k]));
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const read = async (f: string) => (existsSync(f) ? readFile(f, "utf8") : undefined);
  const out: ArchivedCopy[] = [];
  for (const n of names) {
    const base = path.join(dir, n.slice(0, -5));
    const report = JSON.parse(await readFile(`${base}.json`, "utf8")) as { role: string };
    const [html, markdown] = await Promise.all([read(`${base}.html`), read(`${base}.md`)]);
    const headline = builtinRoles.has(report.role) ? builtinRoles.get(report.role).headline : undefined;
    out.push(
      await archiveReport(
        {
          report,
          ...(html !== undefined ? { html } : {}),
          ...(markdown !== undefined ? { markdown } : {}),
          ...(headline ? { headline } : {}),
        },
        { outDir, redact },
      ),
    );
  }
  return out;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const { values } = parseArgs({ options: { out: { type: "string", default: "out" } } });
  const copies = await archiveOutReports(path.resolve(values.out));
  for (const c of copies)
    console.log(`${c.reportId} → ${displayPath(path.resolve(values.out, c.paths.json))} (${(c.bytes / 1024).toFixed(1)} KB)`);
  if (!copies.length)
    console.warn(`warning: no report in ${displayPath(path.join(path.resolve(values.out), "reports"))}: run npm start first`);
}
