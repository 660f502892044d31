/**
 * The archive writer: one report as sent (Report JSON, Markdown, HTML) under OUT/archive/<period>/<audience>.*,
 * every text passed through the caller's redaction first, so the archive holds no secret.
 */
import path from "node:path";
import { UserError } from "../shared/errors.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import { type ArchiveAudience, archivedReportSchema, audienceOf } from "./model.js";
import { type ArchiveFormat, archiveRelPaths } from "./paths.js";

/** Replaces whatever must not be stored; it must leave JSON parseable. */
export type Redact = (text: string) => string;

export interface ArchiveInput {
  /** The Report as sent (src/analyse/report.ts), with `audience` once the pipeline has audiences. */
  report: object;
  /** The rendered email HTML and Markdown, exactly as sent. */
  html?: string;
  markdown?: string;
  /** Headline KPI ids (the role's), stored with the report when it names none itself: the README charts them. */
  headline?: string[];
}

export interface ArchiveOptions {
  /** The run's output folder; the files go to OUT/archive/. */
  outDir: string;
  redact?: Redact;
}

export interface ArchivedCopy {
  reportId: string;
  period: string;
  audience: ArchiveAudience;
  /** POSIX paths relative to OUT, identical on the archive branch: what the audit record points to. */
  paths: Partial<Record<ArchiveFormat, string>> & { json: string };
  /** Absolute paths of the files written. */
  files: Partial<Record<ArchiveFormat, string>> & { json: string };
  bytes: number;
}

/** Replaces every occurrence of each secret (4 characters or more) with "***". */
export function redactSecrets(secrets: Iterable<string | undefined>): Redact {
  const list = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => list.reduce((acc, s) => acc.split(s).join("***"), text);
}

/** Writes the report's archived copy and returns where it is. Overwrites an earlier copy of the same report id (a forced re-send). */
export async function archiveReport(input: ArchiveInput, opts: ArchiveOptions): Promise<ArchivedCopy> {
  const parsed = archivedReportSchema.safeParse(input.report);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(`archive: the report is not a Report (${i.path.join(".") || "root"}: ${i.message})`);
  }
  const report = parsed.data;
  const audience = audienceOf(report);
  const rel = archiveRelPaths(report.period.label, audience.id);
  const redact = opts.redact ?? ((s: string) => s);
  const stored = report.headline === undefined && input.headline?.length ? { ...input.report, headline: input.headline } : input.report;
  const json = redact(`${JSON.stringify(stored, null, 2)}\n`);
  try {
    JSON.parse(json);
  } catch {
    throw new UserError(`archive: redaction broke the JSON of ${report.id}; the redact function must only replace text inside strings`);
  }
  const texts: [ArchiveFormat, string][] = [["json", json]];
  if (input.markdown !== undefined) texts.push(["md", redact(input.markdown)]);
  if (input.html !== undefined) texts.push(["html", redact(input.html)]);

  const paths: ArchivedCopy["paths"] = { json: rel.json };
  const files: ArchivedCopy["files"] = { json: path.join(opts.outDir, ...rel.json.split("/")) };
  for (const [fmt] of texts) {
    paths[fmt] = rel[fmt];
    files[fmt] = path.join(opts.outDir, ...rel[fmt].split("/"));
  }
  await Promise.all(texts.map(([fmt, text]) => writeFileAtomic(files[fmt]!, text)));
  return {
    reportId: report.id,
    period: report.period.label,
    audience,
    paths,
    files,
    bytes: texts.reduce((n, [, t]) => n + Buffer.byteLength(t), 0),
  };
}
