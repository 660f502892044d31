/** The render-and-write stage: the report's three renderings and its JSON, and the scoped snapshot beside them. */
import path from "node:path";
import type { Report } from "../analyse/report.js";
import type { Snapshot } from "../collect/snapshot.js";
import { type Rendered, renderReport } from "../render/render.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import type { ReportFiles } from "./types.js";

/** Where an audience's latest report lives under OUT (the archive keeps every period). */
export function reportFiles(outDir: string, audienceId: string): ReportFiles {
  const base = path.join(outDir, "reports", audienceId);
  return { json: `${base}.json`, html: `${base}.html`, text: `${base}.txt`, markdown: `${base}.md`, snapshot: `${base}.snapshot.json` };
}

export interface WriteOptions {
  files: ReportFiles;
  /** Only the audience's own entities: a scoped report never writes another entity's facts beside it. */
  snapshot: Snapshot;
  redact: (s: string) => string;
}

/** Renders the report and writes every file (atomically, in parallel); returns the rendering that is sent. */
export async function renderAndWrite(report: Report, o: WriteOptions): Promise<Rendered> {
  const r = renderReport(report);
  const rendered: Rendered = {
    ...r,
    html: o.redact(r.html),
    text: o.redact(r.text),
    markdown: o.redact(r.markdown),
    subject: o.redact(r.subject),
  };
  await Promise.all([
    writeFileAtomic(o.files.json, o.redact(`${JSON.stringify(report, null, 2)}\n`)),
    writeFileAtomic(o.files.html, rendered.html),
    writeFileAtomic(o.files.text, rendered.text),
    writeFileAtomic(o.files.markdown, rendered.markdown),
    writeFileAtomic(o.files.snapshot, o.redact(`${JSON.stringify(o.snapshot, null, 2)}\n`)),
  ]);
  return rendered;
}
