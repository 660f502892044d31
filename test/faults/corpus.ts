/** The malformed-input corpus: every case, by class (corpus-values.ts, corpus-integrity.ts, corpus-bytes.ts). */
import { encodings, files, flags, strings } from "./corpus-bytes.js";
import type { Case } from "./corpus-helpers.js";
import { integrity } from "./corpus-integrity.js";
import { numbers, schema, syntax } from "./corpus-values.js";

export { type Case, canMount } from "./corpus-helpers.js";

export const CASES: Case[] = [...syntax, ...schema, ...numbers, ...integrity, ...strings, ...encodings, ...files, ...flags];
export const CLASSES = { syntax, schema, numbers, integrity, strings, encodings, files, flags };
