import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.js";
import { loadDataDir } from "../../src/config/load.js";
import { DEFAULT_POLICY } from "../../src/config/policy.js";
import { ConfigError } from "../../src/shared/errors.js";
import { copyData, tempDir } from "../helpers/cli.js";
import { DATA_DIR } from "../helpers/sample.js";

async function errorsFor(edit: (dir: string) => Promise<void>): Promise<string[]> {
  const dir = await copyData();
  await edit(dir);
  try {
    await loadDataDir(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues.map((i) => i.replace(dir + path.sep, ""));
  }
  throw new Error("expected a ConfigError");
}

const replaceIn = (file: string, from: string, to: string) => async (dir: string) => {
  const p = path.join(dir, file);
  const text = await readFile(p, "utf8");
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  await writeFile(p, text.replace(from, to));
};

describe("data/ validation", () => {
  it("loads the sample portfolio", async () => {
    const inv = await loadDataDir(DATA_DIR);
    expect(inv.portfolio.entities.filter((e) => e.kind === "portfolio").map((e) => e.name)).toEqual([
      "JADA",
      "QueenofSanDiego",
      "QuickDumpNow",
      "DangerousCentaur",
    ]);
    expect(inv.portfolio.entities.filter((e) => e.kind === "support")).toHaveLength(3);
  });

  it("names file, line and field of a wrong type", async () => {
    expect(await errorsFor(replaceIn("costs.yaml", "monthly: 1780", "monthly: high"))).toEqual([
      'costs.yaml:4 fixed[0].monthly: "high" — expected a number',
    ]);
  });

  it("names the line of a YAML syntax error", async () => {
    const errs = await errorsFor(async (d) => writeFile(path.join(d, "equity.yaml"), "holders:\n  - entity: jada\n   pct: 5\n"));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^equity\.yaml:3 invalid YAML: /);
  });

  it("rejects unknown keys with the fix", async () => {
    expect(await errorsFor(replaceIn("contacts.yaml", "size: 1240, optedIn: 0", "size: 1240, optedIn: 0, optIn: 3"))).toEqual([
      'contacts.yaml:3 lists[0].optIn: unknown key — expected no key "optIn" (remove it or fix its spelling)',
    ]);
  });

  it("checks references between files", async () => {
    const errs = await errorsFor(replaceIn("expenses.yaml", "account: ops-checking", "account: jada-savings"));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^expenses\.yaml:3 expenses\[0\]\.account: "jada-savings" is not a known account — expected one of jada-checking, /,
    );
  });

  it("rejects duplicate ids", async () => {
    const errs = await errorsFor(replaceIn("assets.yaml", "id: a-dinghy", "id: a-vessel"));
    expect(errs).toEqual(['assets.yaml:4 assets[1].id: "a-vessel" repeats assets[0].id — expected a unique id']);
  });

  it("validates enums and dates", async () => {
    expect(await errorsFor(replaceIn("revenue.yaml", 'date: "2026-08-08", serviceDate', 'date: "2026-13-08", serviceDate'))).toEqual([
      'revenue.yaml:4 revenue[0].date: "2026-13-08" — expected an ISO date YYYY-MM-DD',
    ]);
    const errs = await errorsFor(replaceIn("portfolio.yaml", "stage: operating", "stage: thriving"));
    expect(errs[0]).toMatch(/^portfolio\.yaml:\d+ entities\[0\]\.stage: "thriving" — expected one of "operating", "launching"/);
  });

  it("takes the default policy when policy.yaml is absent, and checks its rule ids", async () => {
    const dir = await copyData();
    await rm(path.join(dir, "policy.yaml"));
    expect((await loadDataDir(dir)).policy).toEqual(DEFAULT_POLICY);
    const errs = await errorsFor(replaceIn("policy.yaml", "ota-listings:quickdumpnow: high", "ota-listings:nobody: high"));
    expect(errs).toEqual([
      expect.stringMatching(
        /^policy\.yaml:\d+ severity\.ota-listings:nobody: "nobody" is not a known entity — expected one of portfolio, /,
      ),
    ]);
    const dir2 = await copyData();
    await expect(loadDataDir(dir2, { checks: ["ota-listings"] })).rejects.toThrow(
      /severity\.key-person-equity: "key-person-equity" is not a check/,
    );
  });

  it("checks that a shared account's allocation names entities and sums to 100%", async () => {
    const errs = await errorsFor(
      replaceIn(
        "accounts.yaml",
        'balanceAsOf: "2026-11-27", owner: Operator, mfa: true }\n  - { id: jada-stripe',
        'balanceAsOf: "2026-11-27", owner: Operator, mfa: true, allocation: { quickdumpnow: 50, nobody: 30 } }\n  - { id: jada-stripe',
      ),
    );
    expect(errs).toEqual([
      expect.stringMatching(/^accounts\.yaml:\d+ accounts\[2\]\.allocation\.nobody: not a known entity/),
      expect.stringMatching(/^accounts\.yaml:\d+ accounts\[2\]\.allocation: shares sum to 80% — expected 100%$/),
    ]);
  });

  it("requires portfolio.yaml only, with the fix", async () => {
    const errs = await errorsFor((d) => rm(path.join(d, "portfolio.yaml")));
    expect(errs).toEqual([
      "portfolio.yaml:1 (file): missing — every data folder needs portfolio.yaml (`npm start -- init DIR` writes a minimal one; the others are optional)",
    ]);
  });

  it("lists every problem at once", async () => {
    const errs = await errorsFor(async (d) => {
      await replaceIn("costs.yaml", "monthly: 1780", "monthly: high")(d);
      await replaceIn("contacts.yaml", "size: 1240", "size: -4")(d);
    });
    expect(errs).toHaveLength(2);
  });
});

describe("environment", () => {
  it("reads an env file and lets the process environment win", async () => {
    const f = path.join(await tempDir(), ".env");
    await writeFile(f, "SES_SENDER_EMAIL=reports@example.com\nRECIPIENT_EMAIL=a@example.com, b@example.com\nAWS_REGION=us-west-2\n");
    const env = await loadEnv(f, { AWS_REGION: "eu-west-1" });
    expect(env).toMatchObject({
      SES_SENDER_EMAIL: "reports@example.com",
      RECIPIENT_EMAIL: ["a@example.com", "b@example.com"],
      AWS_REGION: "eu-west-1",
    });
  });

  it("names the env file line and key of a bad value", async () => {
    const f = path.join(await tempDir(), ".env");
    await writeFile(f, "# comment\nAWS_REGION=us-west-2\nBCC_RECIPIENTS=ok@example.com,bob@\n");
    await expect(loadEnv(f, {})).rejects.toThrow(
      `${f}:3 BCC_RECIPIENTS: "ok@example.com,bob@" — expected an email address such as ops@example.com`,
    );
  });

  it("never echoes a token", async () => {
    await expect(loadEnv(undefined, { SLACK_WEBHOOK_URL: "not a url secret-value" })).rejects.toThrow(/SLACK_WEBHOOK_URL: \(hidden\)/);
  });
});
