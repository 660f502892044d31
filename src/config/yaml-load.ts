/**
 * The fast path for reading a data file: js-yaml into plain values (a 10 MB file in about 70 MB and 3 s, where a yaml
 * Document of it needs ten times both), with a schema of our own: numbers only in plain decimal notation, no dates
 * (they stay strings for zod), no merge keys. A number written any other way (0x73A, 0o17, 1e20, .inf, 1:30, 1_000)
 * becomes a NonDecimal holding its source, so the check can say what was written.
 */
import jsyaml from "js-yaml";

/** A plain scalar that YAML 1.1 or 1.2 would read as a number, in a notation the data files refuse. */
export class NonDecimal {
  constructor(readonly source: string) {}
}

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const NUMBERISH =
  /^(?:[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|[-+]?0x[\da-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?)$/;

const numberType = new jsyaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (d: unknown) => typeof d === "string" && NUMBERISH.test(d),
  construct: (d: string) => (DECIMAL.test(d) ? Number(d) : new NonDecimal(d)),
});
const nullType = new jsyaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (d: unknown) => d === null || d === "" || d === "~" || d === "null" || d === "Null" || d === "NULL",
  construct: () => null,
});
const boolType = new jsyaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (d: unknown) => typeof d === "string" && /^(?:true|True|TRUE|false|False|FALSE)$/.test(d),
  construct: (d: string) => d.toLowerCase() === "true",
});

const DATA_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, numberType] });

export type Loaded = { ok: true; value: unknown } | { ok: false; line: number; message: string };

/** Parses YAML text into plain values; a syntax error gives its 1-based line and js-yaml's reason. */
export function loadYaml(text: string): Loaded {
  try {
    return { ok: true, value: jsyaml.load(text, { schema: DATA_SCHEMA, json: false }) };
  } catch (e) {
    const ex = e as { mark?: { line?: number }; reason?: string; message?: string };
    return { ok: false, line: (ex.mark?.line ?? 0) + 1, message: ex.reason ?? String(ex.message ?? e) };
  }
}
