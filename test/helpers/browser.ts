/** Chromium for the browser tests: found, or (locally) skipped with a warning, or (in CI) a failing test. */
import { it } from "vitest";
import { chromiumCandidates, findChromium } from "../../scripts/dev/browser.js";

export type ChromiumRequirement = { path: string } | { skip: string } | { fail: string };

/** What to do about the browser: use it, skip with a warning (local), or fail (CI: a runner without one cannot pass). */
export function chromiumRequirement(what: string, env: NodeJS.ProcessEnv = process.env, find = findChromium): ChromiumRequirement {
  const found = find(env);
  if (found) return { path: found };
  const fix = `no Chromium at ${chromiumCandidates(env).join(", ")} — apt-get install -y chromium, or set CHROMIUM_PATH`;
  return env.CI ? { fail: `${what} cannot run in CI: ${fix}` } : { skip: `SKIPPED ${what}: ${fix}` };
}

/** The Chromium to use, or undefined after warning (local) or registering a failing test (CI). */
export function requireChromium(what: string): string | undefined {
  const r = chromiumRequirement(what);
  if ("path" in r) return r.path;
  if ("fail" in r)
    it(`${what}: Chromium is present (required in CI)`, () => {
      throw new Error(r.fail);
    });
  else console.warn(r.skip);
  return undefined;
}
