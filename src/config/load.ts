/**
 * Load and validate data/: portfolio.yaml is required, every other file optional (an absent file makes its datasets
 * missing, never zero). Each file is read safely (read-file.ts), parsed and inspected (yaml-file.ts), then the files
 * are checked against each other (integrity.ts).
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { ConfigError, UserError } from "../shared/errors.js";
import { integrityIssues, type Loaded } from "./integrity.js";
import { readDataFile } from "./read-file.js";
import { DATA_FILES, type DataFile, type Inventory } from "./schema.js";
import { type ParsedFile, parseYamlFile } from "./yaml-file.js";

export const REQUIRED_FILE: DataFile = "portfolio";

/** Which data files were absent from the folder an inventory was loaded from: dataset → the file's path. */
const absentByInventory = new WeakMap<object, Partial<Record<DataFile, string>>>();

/** The datasets whose file was not in the data folder (so their facts are missing), with the path looked for. */
export function absentDatasets(inv: Inventory): Partial<Record<DataFile, string>> {
  return absentByInventory.get(inv) ?? {};
}

/** Fails with one line when `dir` is not a folder (missing, or a file): call before anything reads it. */
export async function checkDataDir(dir: string): Promise<void> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      throw new UserError(
        `--data ${dir}: ${s.isFile() ? "a file" : "not a regular folder"}, not a folder — expected the folder that holds portfolio.yaml`,
      );
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT"
        ? `--data ${dir}: not found — expected the folder that holds portfolio.yaml (create one with \`npm start -- init ${dir}\`)`
        : `--data ${dir}: cannot be read (${code ?? String(e)}) — expected a readable folder`,
    );
  }
}

/**
 * Reads DIR/<name>.yaml for every dataset; throws one ConfigError listing every problem found. `known.checks`, when
 * given, also validates the check ids named by data/policy.yaml.
 */
export async function loadDataDir(dir: string, known: { roles?: readonly string[]; checks?: readonly string[] } = {}): Promise<Inventory> {
  await checkDataDir(dir);
  const issues: string[] = [];
  const parsed: Loaded = {};
  const absent: Partial<Record<DataFile, string>> = {};
  for (const name of Object.keys(DATA_FILES) as DataFile[]) {
    const file = path.join(dir, `${name}.yaml`);
    const read = await readDataFile(file, dir);
    if (!read.ok) {
      if (!read.absent) issues.push(read.issue);
      else if (name === REQUIRED_FILE)
        issues.push(
          `${file}:1 (file): missing — every data folder needs ${name}.yaml (\`npm start -- init DIR\` writes a minimal one; the others are optional)`,
        );
      else if (name === "policy") {
        // No policy file: the documented defaults, not a missing dataset.
        const r = parseYamlFile(file, "{}", DATA_FILES.policy);
        if (r.ok) (parsed as Record<string, unknown>).policy = r.file;
      } else absent[name] = file;
      continue;
    }
    const r = parseYamlFile(file, read.text, DATA_FILES[name]);
    if (r.ok) (parsed as Record<string, unknown>)[name] = r.file;
    else issues.push(...r.issues);
  }
  if (issues.length === 0) issues.push(...integrityIssues(dir, parsed, known));
  if (issues.length > 0) throw new ConfigError(issues);
  const inventory = Object.fromEntries(
    (Object.keys(DATA_FILES) as DataFile[]).map((k) => [k, parsed[k] ? (parsed[k] as ParsedFile<unknown>).value : emptyOf(k)]),
  ) as Inventory;
  absentByInventory.set(inventory, absent);
  return inventory;
}

/**
 * The stand-in value of an absent file: its lists empty. The snapshot marks the dataset missing, so no check reads
 * it; the sources that read the inventory directly (repositories, metrics) see nothing to fetch.
 */
function emptyOf(name: DataFile): unknown {
  const shape = (DATA_FILES[name] as unknown as { shape: Record<string, z.ZodType> }).shape;
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(shape)) if (isArray(t)) out[k] = [];
  return out;
}

function isArray(t: z.ZodType): boolean {
  const def = (t as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  return def.type === "array" || ((def.type === "default" || def.type === "optional") && !!def.innerType && isArray(def.innerType));
}
