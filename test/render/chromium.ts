/** Whether the browser tests run: always in CI (a missing Chromium fails there), skipped with a warning locally. */
import { describe, it } from "vitest";
import { CHROMIUM_PATH, chromiumAvailable } from "../../scripts/dev/browser.js";

export const IN_CI = Boolean(process.env.CI);

/** True when the browser tests should be skipped: Chromium is absent and this is not CI. */
export function skipBrowserTests(what: string): boolean {
  if (chromiumAvailable()) return false;
  if (IN_CI) {
    describe(`${what} (Chromium required in CI)`, () => {
      it(`finds ${CHROMIUM_PATH}`, () => {
        throw new Error(`${CHROMIUM_PATH} not found: the browser tests must run in CI (apt-get install -y chromium)`);
      });
    });
    // Run the real suite too: it fails on launch, which is the point.
    return false;
  }
  console.warn(`SKIPPED ${what}: ${CHROMIUM_PATH} not found (apt-get install -y chromium)`);
  return true;
}
