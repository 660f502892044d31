/** A hash of a Snapshot's facts alone (no collection times), so the same data always gives the same hash. */
import { createHash } from "node:crypto";
import type { Snapshot } from "./snapshot.js";

const VOLATILE = new Set(["asOf", "collectedAt", "durationMs"]);

export function snapshotHash(s: Snapshot): string {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !VOLATILE.has(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(strip({ period: s.period, datasets: s.datasets, repos: s.repos, metrics: s.metrics })))
    .digest("hex");
}
