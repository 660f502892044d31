/** Shared setup for the GitHub tests: a fast client (no spacing, millisecond backoff) and a collect context. */
import { randomBytes } from "node:crypto";
import { API } from "../../scripts/dev/fake-github.js";
import type { CollectContext } from "../../src/collect/sources/source.js";
import { createGitHubClient } from "../../src/github/client.js";
import { memoryLogger } from "../../src/shared/logger.js";
import { parsePeriod } from "../../src/shared/period.js";

export const fakeToken = () => `ghs_${randomBytes(18).toString("hex")}`;

export function testClient(log = memoryLogger()) {
  return createGitHubClient({ token: fakeToken(), baseUrl: API, log, writeSpacingMs: 0, retryBaseMs: 1 });
}

export const WEEK = parsePeriod("2026-W48");

export function collectContext(log = memoryLogger()): CollectContext {
  return {
    period: WEEK,
    inventory: {} as CollectContext["inventory"],
    dataDir: "data",
    log,
    now: () => new Date("2026-11-30T08:00:00Z"),
  };
}
