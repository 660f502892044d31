/** The render-and-write stage: the report's three renderings and its JSON, and the scoped snapshot beside them. */
import { copyFile } from "node:fs/promises";
import path from "node:path";
import type { Report } from "../analyse/report.js";
import type { Snapshot } from "../collect/snapshot.js";
import type { Rendered } from "../render/render.js";
import { writeFileAtomic } from "../shared/fs-atomic.js";
import { writeJsonAtomic } from "../shared/json-stream.js";
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

// The snapshot is serialised once per snapshot object: every all-entity audience of a period shares one, and the
// others get a copy of the first file, so a large input is never held as text more than once at a time.
const written = new WeakMap<Snapshot, Promise<string>>();

async function writeSnapshot(snapshot: Snapshot, file: string, redact: (s: string) => string): Promise<void> {
  const first = written.get(snapshot);
  if (first) {
    await copyFile(await first, file);
    return;
  }
  const done = writeJsonAtomic(file, snapshot, redact).then(() => file);
  written.set(snapshot, done);
  await done;
}

/** Writes the report's JSON, its rendering as sent and its scoped snapshot (atomically, in parallel). */
export async function writeReportFiles(report: Report, rendered: Rendered, o: WriteOptions): Promise<void> {
  await Promise.all([
    writeFileAtomic(o.files.json, o.redact(`${JSON.stringify(report, null, 2)}\n`)),
    writeFileAtomic(o.files.html, o.redact(rendered.html)),
    writeFileAtomic(o.files.text, o.redact(rendered.text)),
    writeFileAtomic(o.files.markdown, o.redact(rendered.markdown)),
    writeSnapshot(o.snapshot, o.files.snapshot, o.redact),
  ]);
}
