/** Reads an archive folder (OUT/archive, or a checkout of the archive branch) back into its reports, oldest period first. */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "../shared/display-path.js";
import { UserError } from "../shared/errors.js";
import { periodKind } from "../shared/period.js";
import { type ArchiveAudience, type ArchivedReport, archivedReportSchema, audienceOf } from "./model.js";
import { ARCHIVE_DIR, type ArchiveFormat } from "./paths.js";

export interface ArchiveEntry {
  period: string;
  audience: ArchiveAudience;
  report: ArchivedReport;
  /** POSIX paths relative to the archive folder (`2026-W48/cfo.json`), for the formats present. */
  files: Partial<Record<ArchiveFormat, string>> & { json: string };
}

/** The archive folder inside DIR: DIR/archive when it exists (an OUT folder or a branch checkout), else DIR itself. */
export function archiveFolder(dir: string): string {
  const inner = path.join(dir, ARCHIVE_DIR);
  return existsSync(inner) ? inner : dir;
}

/** Every archived report under the folder (see archiveFolder), sorted by period start then audience id. */
export async function readArchive(dir: string): Promise<ArchiveEntry[]> {
  const root = archiveFolder(dir);
  if (!existsSync(root)) return [];
  const periods = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && periodKind(d.name));
  const entries = await Promise.all(
    periods.map(async (p) => {
      const names = new Set(await readdir(path.join(root, p.name)));
      const jsons = [...names].filter((n) => /^[a-z0-9][a-z0-9-]*\.json$/.test(n));
      return Promise.all(jsons.map((n) => readEntry(root, p.name, n, names)));
    }),
  );
  return entries
    .flat()
    .sort((a, b) => a.report.period.start.localeCompare(b.report.period.start) || a.audience.id.localeCompare(b.audience.id));
}

async function readEntry(root: string, period: string, jsonName: string, names: Set<string>): Promise<ArchiveEntry> {
  const file = path.join(root, period, jsonName);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new UserError(`${displayPath(file)}: not JSON (${(e as Error).message}); restore it from the archive branch's history`);
  }
  const parsed = archivedReportSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(`${displayPath(file)}: ${i.path.join(".") || "root"}: ${i.message} — not an archived report`);
  }
  const report = parsed.data;
  const audience = audienceOf(report);
  const base = jsonName.slice(0, -".json".length);
  if (report.period.label !== period || audience.id !== base)
    throw new UserError(
      `${displayPath(file)}: holds ${audience.id} for ${report.period.label}; archived reports live at <period>/<audience>.json, so move it to ${report.period.label}/${audience.id}.json`,
    );
  const files: ArchiveEntry["files"] = { json: `${period}/${jsonName}` };
  for (const fmt of ["md", "html"] as const) if (names.has(`${base}.${fmt}`)) files[fmt] = `${period}/${base}.${fmt}`;
  return { period, audience, report, files };
}
