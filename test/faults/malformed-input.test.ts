/** The malformed-input corpus: each bad input gives one clear error, exit 1, and nothing sent or written. */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { copyData, treeHash } from "../helpers/cli.js";
import { NOW } from "../helpers/sample.js";

type Edit = (dir: string) => Promise<void>;
const replace =
  (file: string, from: string, to: string): Edit =>
  async (dir) => {
    const p = path.join(dir, file);
    const text = await readFile(p, "utf8");
    if (!text.includes(from)) throw new Error(`corpus bug: ${JSON.stringify(from)} not in ${file}`);
    await writeFile(p, text.replace(from, to));
  };
const write =
  (file: string, text: string): Edit =>
  (dir) =>
    writeFile(path.join(dir, file), text);
const none: Edit = async () => {};

interface Case {
  name: string;
  edit?: Edit;
  args?: string[];
  env?: Record<string, string>;
  envFile?: string;
  error: RegExp;
}

const CASES: Case[] = [
  {
    name: "unclosed flow map",
    edit: write("contacts.yaml", "lists:\n  - { entity: jada, name: x\n"),
    error: /^contacts\.yaml:\d+ invalid YAML: /,
  },
  { name: "tab indentation", edit: write("equity.yaml", "holders:\n\t- entity: jada\n"), error: /^equity\.yaml:2 invalid YAML: / },
  {
    name: "duplicate key",
    edit: replace(
      "costs.yaml",
      "{ entity: jada, name: Slip rental, monthly: 1780 }",
      "{ entity: jada, entity: jada, name: Slip rental, monthly: 1780 }",
    ),
    error: /^costs\.yaml:4 invalid YAML: .*[Mm]ap keys must be unique/,
  },
  {
    name: "string where a number goes",
    edit: replace("costs.yaml", "price: 1450", 'price: "lots"'),
    error: /^costs\.yaml:\d+ unitEconomics\[0\]\.price: "lots" — expected a number/,
  },
  {
    name: "negative fixed cost",
    edit: replace("costs.yaml", "monthly: 1780", "monthly: -5"),
    error: /^costs\.yaml:4 fixed\[0\]\.monthly: -5 — expected a number ≥ 0$/,
  },
  {
    name: "commission over 100%",
    edit: replace("listings.yaml", "commissionPct: 10", "commissionPct: 120"),
    error: /^listings\.yaml:6 channels\[2\]\.commissionPct: 120 — expected a percentage 0–100$/,
  },
  {
    name: "impossible date",
    edit: replace("revenue.yaml", 'date: "2026-08-08", serviceDate', 'date: "2026-13-08", serviceDate'),
    error: /^revenue\.yaml:4 revenue\[0\]\.date: "2026-13-08" — expected an ISO date YYYY-MM-DD$/,
  },
  {
    name: "bad month",
    edit: replace("pipeline.yaml", "month: 2026-08", "month: 2026-00"),
    error: /^pipeline\.yaml:\d+ funnel\[0\]\.month: "2026-00" — expected a month YYYY-MM$/,
  },
  {
    name: "unknown entity in listings",
    edit: replace("listings.yaml", "{ entity: jada, channel: instagram", "{ entity: jadda, channel: instagram"),
    error: /^listings\.yaml:\d+ listings\[0\]\.entity: "jadda" is not a known entity — expected one of jada, /,
  },
  {
    name: "unknown channel",
    edit: replace("listings.yaml", "channel: instagram, status: listed, url", "channel: tiktok, status: listed, url"),
    error: /^listings\.yaml:\d+ listings\[0\]\.channel: "tiktok" is not a known channel/,
  },
  {
    name: "unknown bank account",
    edit: replace("bank.yaml", "{ id: b-2608-j0, account: jada-checking", "{ id: b-2608-j0, account: jada-savings"),
    error: /^bank\.yaml:3 transactions\[0\]\.account: "jada-savings" is not a known account/,
  },
  {
    name: "unknown entity in expenses",
    edit: replace("expenses.yaml", "{ id: e-2608-d0, entity: quickdumpnow", "{ id: e-2608-d0, entity: jade"),
    error: /^expenses\.yaml:3 expenses\[0\]\.entity: "jade" is not a known entity/,
  },
  {
    name: "duplicate revenue id",
    edit: replace("revenue.yaml", "id: r-j260816", "id: r-j260808"),
    error: /^revenue\.yaml:5 revenue\[1\]\.id: "r-j260808" repeats revenue\[0\]\.id — expected a unique id$/,
  },
  {
    name: "malformed recipient",
    edit: replace("audiences.yaml", "recipients: { to: [cfo@example.com], bcc:", "recipients: { to: [bob@], bcc:"),
    error: /^audiences\.yaml:\d+ audiences\[2\]\.recipients\.to\[0\]: "bob@" — expected an email address such as ops@example\.com$/,
  },
  {
    name: "no recipient",
    edit: replace("audiences.yaml", "recipients: { to: [cto@example.com] }", "recipients: { to: [] }"),
    error: /^audiences\.yaml:\d+ audiences\[1\]\.recipients\.to: \[\] — expected at least one address$/,
  },
  {
    name: "misspelt key",
    edit: replace(
      "portfolio.yaml",
      "    hosting: Google Workspace\n    domains: [jada",
      "    hostng: Google Workspace\n    domains: [jada",
    ),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.hostng: unknown key — expected "hosting" \(fix the spelling\)$/,
  },
  {
    name: "missing field",
    edit: replace(
      "assets.yaml",
      "{ id: a-vessel, entity: jada, kind: vessel, name: 42 ft sailing yacht,",
      "{ id: a-vessel, entity: jada, kind: vessel,",
    ),
    error: /^assets\.yaml:3 assets\[0\]\.name: missing — expected/,
  },
  {
    name: "unknown auth kind",
    edit: replace(
      "portfolio.yaml",
      "auth: none\n        cors: not-applicable\n        handlesPayments: true\n      - name: Availability",
      "auth: password\n        cors: not-applicable\n        handlesPayments: true\n      - name: Availability",
    ),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.services\[0\]\.auth: "password" — expected one of "none", /,
  },
  {
    name: "upper-case id",
    edit: replace("assets.yaml", "id: a-vessel", "id: A-Vessel"),
    error: /^assets\.yaml:3 assets\[0\]\.id: "A-Vessel" — expected a lower-case id/,
  },
  {
    name: "missing file",
    edit: (d) => rm(path.join(d, "bank.yaml")),
    error: /^bank\.yaml:1 \(file\): missing — every data directory needs bank\.yaml/,
  },
  { name: "empty file", edit: write("kpis.yaml", ""), error: /^kpis\.yaml:1 catalogue: missing — expected/ },
  {
    name: "fractional contact count",
    edit: replace("contacts.yaml", "size: 1240", "size: 12.5"),
    error: /^contacts\.yaml:3 lists\[0\]\.size: 12\.5 — expected a whole number of contacts$/,
  },
  {
    name: "repo with no location",
    edit: replace("repos.yaml", ", github: example-org/ops-scripts, history: history/ops-scripts.yaml }", " }"),
    error: /^repos\.yaml:\d+ repos\[3\]: .* — expected a repo needs github, path, history or trackedFiles$/,
  },
  {
    name: "github repo not owner/name",
    edit: replace("repos.yaml", "github: example-org/jada-booking", "github: jada-booking"),
    error: /^repos\.yaml:\d+ repos\[0\]\.github: "jada-booking" — expected owner\/name$/,
  },
  {
    name: "bad KPI target operator",
    edit: replace("kpis.yaml", 'target: { op: "<=", value: 0 }, why: Cash consumed', 'target: { op: "<", value: 0 }, why: Cash consumed'),
    error: /^kpis\.yaml:\d+ catalogue\[2\]\.target\.op: "<" — expected one of ">=", "<="$/,
  },
  {
    name: "KPI for an unknown role",
    edit: replace("kpis.yaml", "{ id: revenue-last-month, role: ceo", "{ id: revenue-last-month, role: coo"),
    error: /^kpis\.yaml:6 catalogue\[0\]\.role: "coo" — expected one of "ceo", /,
  },
  {
    name: "a list where a map goes",
    edit: write("aws.yaml", "- spend\n"),
    error: /^aws\.yaml:1 \(top level\): \["spend"\] — expected object$/,
  },
  {
    name: "bad --period",
    edit: none,
    args: ["--period", "2026-48"],
    error: /^--period "2026-48": month 48 does not exist \(01–12\)$/,
  },
  {
    name: "week that does not exist",
    edit: none,
    args: ["--period", "2025-W53"],
    error: /^--period "2025-W53": week 53 does not exist in 2025$/,
  },
  {
    name: "unknown --role",
    edit: none,
    args: ["--role", "cfo,coo"],
    error: /^--role: no audience in audiences\.yaml has role "coo" — roles with audiences: ceo, cto, cfo, cmo, accounting$/,
  },
  {
    name: "unknown --audience",
    edit: none,
    args: ["--audience", "cfo,acme"],
    error: /^--audience: "acme" not in audiences\.yaml — expected one of ceo, cto, cfo, /,
  },
  { name: "bad --mailer", edit: none, args: ["--mailer", "smtp"], error: /^--mailer: "smtp" — expected one of ses, outbox$/ },
  {
    name: "bad sender in the environment",
    edit: none,
    env: { SES_SENDER_EMAIL: "reports-at-example.com" },
    error: /^environment SES_SENDER_EMAIL: "reports-at-example\.com" — expected a verified SES sender/,
  },
  {
    name: "bad region in an env file",
    edit: none,
    envFile: "AWS_REGION=Oregon\n",
    error: /^.*\.env:1 AWS_REGION: "Oregon" — expected an AWS region such as us-east-1$/,
  },
  {
    name: "bad override recipient",
    edit: none,
    env: { RECIPIENT_EMAIL: "ceo@example.com;bob@" },
    error: /^environment RECIPIENT_EMAIL: "ceo@example\.com;bob@" — expected an email address/,
  },
  {
    name: "missing env file",
    edit: none,
    args: ["--env-file", "/nonexistent/.env"],
    error: /^--env-file \/nonexistent\/\.env: cannot be read \(ENOENT\)$/,
  },
];

describe("malformed input corpus", () => {
  afterEach(() => vi.restoreAllMocks());

  it("has at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES.map((c) => [c.name, c] as const))("%s → one clear error, exit 1, nothing written", async (_n, c) => {
    const data = await copyData();
    const out = path.join(path.dirname(data), "out");
    await (c.edit ?? none)(data);
    const args = ["--data", data, "--out", out, "--period", "2026-W48", ...(c.args ?? [])];
    if (c.envFile !== undefined) {
      const f = path.join(path.dirname(data), ".env");
      await writeFile(f, c.envFile);
      args.push("--env-file", f);
    }
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(String(m)));
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const code = await main({ argv: args, env: c.env ?? {}, now: () => NOW, cwd: path.dirname(data) });
    expect(code).toBe(1);
    const lines = errors
      .join("\n")
      .replace(/^error: /, "")
      .split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(data + path.sep, "")).toMatch(c.error);
    expect(await treeHash(out)).toBe(await treeHash(path.join(path.dirname(data), "does-not-exist")));
  });
});
