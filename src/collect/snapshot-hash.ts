/** A hash of a Snapshot's facts alone (no collection times), so the same data always gives the same hash. */
import { createHash, type Hash } from "node:crypto";
import type { Snapshot } from "./snapshot.js";

const VOLATILE = new Set(["asOf", "collectedAt", "durationMs"]);

// Reports that share a snapshot (every all-entity audience of a period) share its hash: computed once, not per report.
const memo = new WeakMap<Snapshot, string>();

export function snapshotHash(s: Snapshot): string {
  const known = memo.get(s);
  if (known) return known;
  const h = createHash("sha256");
  feed(h, { period: s.period, datasets: s.datasets, repos: s.repos, metrics: s.metrics });
  const hex = h.digest("hex");
  memo.set(s, hex);
  return hex;
}

/**
 * Feeds the value's JSON (volatile keys left out) into the hash piece by piece: a 10 MB dataset is never built as one
 * string, so hashing a large input costs no second copy of it in memory.
 */
function feed(h: Hash, v: unknown): void {
  if (Array.isArray(v)) {
    h.update("[");
    v.forEach((x, i) => {
      if (i) h.update(",");
      feed(h, x === undefined ? null : x);
    });
    h.update("]");
  } else if (v && typeof v === "object") {
    h.update("{");
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || VOLATILE.has(k)) continue;
      h.update(`${first ? "" : ","}${JSON.stringify(k)}:`);
      first = false;
      feed(h, x);
    }
    h.update("}");
  } else h.update(JSON.stringify(v) ?? "null");
}
