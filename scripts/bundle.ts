/** Bundles the action into one ESM file, dist/index.js: deterministic, so a rebuild of the same sources is byte-identical. */

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { COMPILED_FILE, loadTemplates, templatesDir } from "../src/render/templates.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_FILE = path.join(ROOT, "dist", "index.js");

/** The esbuild options; the output path is the only thing a caller changes. */
export function bundleOptions(outfile: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: ["src/index.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // The runner uses Node 24; Node 20 must still run it for local use and tests.
    target: "node20",
    // CommonJS dependencies (nodemailer, juice, the AWS SDK's deps) call require() on Node built-ins, which ESM lacks.
    banner: {
      js: 'import { createRequire as __execReportsCreateRequire } from "node:module";\nconst require = __execReportsCreateRequire(import.meta.url);',
    },
    legalComments: "eof",
    // ASCII output (non-ASCII escaped) lets V8 keep the source as a one-byte string: faster to parse.
    charset: "ascii",
    // Smaller file, faster cold start; identifiers are not mangled so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: false,
    metafile: true,
    logLevel: "warning",
  };
}

/** Writes templates/compiled.json: the default templates' email layouts, inlined (juice is the slow part of a first render). */
export async function writeCompiledTemplates(): Promise<string> {
  const file = path.join(templatesDir(), COMPILED_FILE);
  await writeFile(file, `${JSON.stringify(loadTemplates(undefined, { precompiled: false }).compiledAll(), null, 2)}\n`);
  return file;
}

/** Builds the bundle into `outfile` and returns its size in bytes. */
export async function bundle(outfile = DIST_FILE): Promise<number> {
  const r = await build(bundleOptions(outfile));
  return Object.values(r.metafile?.outputs ?? {}).reduce((n, o) => n + o.bytes, 0);
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const started = performance.now();
  const out = process.argv[2] ? path.resolve(process.argv[2]) : DIST_FILE;
  const bytes = await bundle(out);
  console.log(`wrote ${path.relative(process.cwd(), await writeCompiledTemplates())}`);
  console.log(
    `bundled ${path.relative(process.cwd(), out)}: ${(bytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - started)} ms`,
  );
}
