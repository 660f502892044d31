/** Browser tests never pass by skipping in CI: without Chromium they fail there, and skip with a warning locally. */
import { describe, expect, it } from "vitest";
import { chromiumCandidates } from "../../scripts/dev/browser.js";
import { chromiumRequirement } from "../helpers/browser.js";

const none = () => undefined;

describe("chromiumRequirement", () => {
  it("fails in CI when no Chromium is found, naming the paths and the fix", () => {
    const r = chromiumRequirement("browser tests", { CI: "true" }, none);
    expect(r).toEqual({
      fail: expect.stringMatching(/browser tests cannot run in CI: no Chromium at \/usr\/bin\/chromium.*apt-get install -y chromium/),
    });
  });
  it("skips with a warning outside CI", () => {
    expect(chromiumRequirement("axe tests", {}, none)).toEqual({ skip: expect.stringMatching(/^SKIPPED axe tests: no Chromium/) });
  });
  it("uses the browser found, CHROMIUM_PATH first", () => {
    expect(chromiumRequirement("x", { CI: "true" }, () => "/opt/chrome")).toEqual({ path: "/opt/chrome" });
    expect(chromiumCandidates({ CHROMIUM_PATH: "/opt/chrome" })[0]).toBe("/opt/chrome");
    expect(chromiumCandidates({})).toContain("/usr/bin/google-chrome");
  });
});
