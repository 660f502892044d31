/**
 * The malformed-input corpus: each case breaks a copy of test/fixtures/corpus/ (a small portfolio of its own, so edits
 * to data/ never break it) in one way, and names the one line of error it must give. Classes: YAML syntax, schema,
 * numbers, integrity, strings, encodings, files, folders and flags.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";

export type Edit = (dir: string) => Promise<void>;

export interface Case {
  name: string;
  edit?: Edit;
  args?: string[];
  env?: Record<string, string>;
  envFile?: string;
  /** What runs: the CLI (default), or the check the lead calls from the CLI before anything (`--out`). */
  via?: "cli" | "checkOutDir";
  /** The --out to use, relative to the case's folder. */
  out?: string;
  /** Set up the --out before the run (a file in the way, a read-only mount). */
  prepareOut?: (root: string) => Promise<void>;
  skip?: () => boolean;
  error: RegExp;
}

export const replace =
  (file: string, from: string, to: string): Edit =>
  async (dir) => {
    const p = path.join(dir, file);
    const text = await readFile(p, "utf8");
    if (!text.includes(from)) throw new Error(`corpus bug: ${JSON.stringify(from)} not in ${file}`);
    await writeFile(p, text.replace(from, to));
  };
export const write =
  (file: string, data: string | Buffer): Edit =>
  (dir) =>
    writeFile(path.join(dir, file), data);
const append =
  (file: string, text: string): Edit =>
  async (dir) => {
    const p = path.join(dir, file);
    await writeFile(p, (await readFile(p, "utf8")) + text);
  };
const both =
  (...edits: Edit[]): Edit =>
  async (dir) => {
    for (const e of edits) await e(dir);
  };
const utf16 = (s: string, be = false) => {
  const le = Buffer.from(s, "utf16le");
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};
const fifo =
  (file: string): Edit =>
  async (dir) => {
    await rm(path.join(dir, file));
    execFileSync("mkfifo", [path.join(dir, file)]);
  };
/** Adds a third entity (before the recipients) with the given id and name. */
const extraEntity = (id: string, name: string): Edit =>
  replace(
    "portfolio.yaml",
    "recipients:\n",
    `  - { id: ${id}, name: ${name}, kind: support, description: x, stage: internal, businessModel: internal, stack: [], hosting: none, domains: [], revenueTracking: none, monitoring: none }\nrecipients:\n`,
  );
const LAMBDA = "{ name: alpha-api, entity: alpha, memoryMb: 512";
const ASSET = "{ id: a-van, entity: alpha, kind: vehicle";

const syntax: Case[] = [
  {
    name: "unclosed flow map",
    edit: write("contacts.yaml", "lists:\n  - { entity: alpha, name: x\n"),
    error: /^contacts\.yaml:\d+ invalid YAML: /,
  },
  { name: "tab indentation", edit: write("equity.yaml", "holders:\n\t- entity: alpha\n"), error: /^equity\.yaml:2 invalid YAML: / },
  {
    name: "duplicate key",
    edit: replace("costs.yaml", "{ entity: alpha, name: Insurance", "{ entity: alpha, entity: alpha, name: Insurance"),
    error: /^costs\.yaml:2 invalid YAML: .*[Mm]ap keys must be unique/,
  },
  {
    name: "unterminated quote",
    edit: replace("expenses.yaml", 'memo: "" }\n  - { id: e-2', 'memo: "oops }\n  - { id: e-2'),
    error: /^expenses\.yaml:2 invalid YAML: Missing closing "quote/,
  },
  {
    name: "bad indentation",
    edit: write("assets.yaml", "assets:\n  - id: a-van\n   entity: alpha\n"),
    error: /^assets\.yaml:3 invalid YAML: /,
  },
];

const schema: Case[] = [
  {
    name: "string where a number goes",
    edit: replace("costs.yaml", "price: 1200", 'price: "lots"'),
    error: /^costs\.yaml:\d+ unitEconomics\[0\]\.price: "lots" — expected a number/,
  },
  {
    name: "negative fixed cost",
    edit: replace("costs.yaml", "monthly: 300", "monthly: -5"),
    error: /^costs\.yaml:2 fixed\[0\]\.monthly: -5 — expected a number ≥ 0$/,
  },
  {
    name: "commission over 100%",
    edit: replace("listings.yaml", "commissionPct: 15", "commissionPct: 120"),
    error: /^listings\.yaml:3 channels\[1\]\.commissionPct: 120 — expected a percentage 0–100$/,
  },
  {
    name: "impossible date",
    edit: replace("revenue.yaml", "date: 2026-10-04", "date: 2026-13-04"),
    error: /^revenue\.yaml:2 revenue\[0\]\.date: "2026-13-04" — expected an ISO date YYYY-MM-DD$/,
  },
  {
    name: "bad month",
    edit: replace("pipeline.yaml", "month: 2026-10", "month: 2026-00"),
    error: /^pipeline\.yaml:\d+ funnel\[0\]\.month: "2026-00" — expected a month YYYY-MM$/,
  },
  {
    name: "malformed recipient",
    edit: replace("portfolio.yaml", "cfo: { to: [cfo@example.com]", "cfo: { to: [bob@]"),
    error: /^portfolio\.yaml:\d+ recipients\.cfo\.to\[0\]: "bob@" — expected an email address such as ops@example\.com$/,
  },
  {
    name: "no recipient",
    edit: replace("portfolio.yaml", "cto: { to: [cto@example.com]", "cto: { to: []"),
    error: /^portfolio\.yaml:\d+ recipients\.cto\.to: \[\] — expected at least one address$/,
  },
  {
    name: "misspelt key",
    edit: replace("portfolio.yaml", "    hosting: Example host", "    hostng: Example host"),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.hostng: unknown key — expected "hosting" \(fix the spelling\)$/,
  },
  {
    name: "missing field",
    edit: replace("assets.yaml", "kind: vehicle, name: Tour van,", "kind: vehicle,"),
    error: /^assets\.yaml:2 assets\[0\]\.name: missing — expected/,
  },
  {
    name: "unknown auth kind",
    edit: replace("portfolio.yaml", "auth: none", "auth: password"),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.services\[0\]\.auth: "password" — expected one of "none", /,
  },
  {
    name: "upper-case id",
    edit: replace("assets.yaml", "id: a-van", "id: A-Van"),
    error: /^assets\.yaml:2 assets\[0\]\.id: "A-Van" — expected a lower-case id/,
  },
  {
    name: "empty kpis file",
    edit: write("kpis.yaml", ""),
    error: /^kpis\.yaml:1 \(file\): empty — expected the keys catalogue \(or delete the file if it is optional\)$/,
  },
  {
    name: "fractional contact count",
    edit: replace("contacts.yaml", "size: 400", "size: 12.5"),
    error: /^contacts\.yaml:2 lists\[0\]\.size: 12\.5 — expected a whole number of contacts$/,
  },
  {
    name: "repo with no location",
    edit: replace("repos.yaml", "    trackedFiles: [README.md]", "    # nothing"),
    error: /^repos\.yaml:\d+ repos\[1\]: .* — expected a repo needs github, path or trackedFiles$/,
  },
  {
    name: "github repo not owner/name",
    edit: replace("repos.yaml", "github: example-org/alpha-site", "github: alpha-site"),
    error: /^repos\.yaml:\d+ repos\[0\]\.github: "alpha-site" — expected owner\/name$/,
  },
  {
    name: "bad KPI target operator",
    edit: replace("kpis.yaml", 'op: ">="', 'op: ">"'),
    error: /^kpis\.yaml:\d+ catalogue\[1\]\.target\.op: ">" — expected one of ">=", "<="$/,
  },
  {
    name: "KPI for an unknown role",
    edit: replace("kpis.yaml", "role: ceo", "role: coo"),
    error: /^kpis\.yaml:2 catalogue\[0\]\.role: "coo" is not a known role — expected one of ceo, /,
  },
  {
    name: "a list where a map goes",
    edit: write("aws.yaml", "- spend\n"),
    error: /^aws\.yaml:1 \(top level\): \["spend"\] — expected object$/,
  },
  {
    name: "empty portfolio file",
    edit: write("portfolio.yaml", "# nothing yet\n"),
    error: /^portfolio\.yaml:1 \(file\): empty — expected the keys name, delivery, entities, recipients/,
  },
  {
    name: "sender not an address",
    edit: replace("portfolio.yaml", "sender: reports@example.com", "sender: reports"),
    error: /^portfolio\.yaml:4 delivery\.sender: "reports" — expected an email address/,
  },
];

const numbers: Case[] = [
  {
    name: "hexadecimal amount",
    edit: replace("expenses.yaml", "amount: 300", "amount: 0x73A"),
    error: /^expenses\.yaml:2 expenses\[0\]\.amount: 0x73A — expected a number in decimal notation/,
  },
  {
    name: "octal amount",
    edit: replace("expenses.yaml", "amount: 300", "amount: 0o17"),
    error: /^expenses\.yaml:2 expenses\[0\]\.amount: 0o17 — expected a number in decimal notation/,
  },
  {
    name: "exponent price",
    edit: replace("costs.yaml", "price: 1200", "price: 1e20"),
    error: /^costs\.yaml:\d+ unitEconomics\[0\]\.price: 1e20 — expected a number in decimal notation/,
  },
  {
    name: "amount near the float limit",
    edit: replace("revenue.yaml", "amount: 1200", "amount: 1.7e308"),
    error: /^revenue\.yaml:2 revenue\[0\]\.amount: 1\.7e308 — expected a number in decimal notation/,
  },
  {
    name: "infinite amount",
    edit: replace("bank.yaml", "amount: -300", "amount: .inf"),
    error: /^bank\.yaml:2 transactions\[0\]\.amount: \.inf — expected a finite number/,
  },
  {
    name: "negative infinity",
    edit: replace("bank.yaml", "amount: -300", "amount: -.inf"),
    error: /^bank\.yaml:2 transactions\[0\]\.amount: -\.inf — expected a finite number/,
  },
  {
    name: "NaN metric value",
    edit: replace("metrics.yaml", "values: [300,", "values: [.nan,"),
    error: /^metrics\.yaml:2 metrics\[0\]\.values\[0\]: \.nan — expected a finite number/,
  },
  {
    name: "huge decimal figure",
    edit: replace("listings.yaml", "monthlyAudience: 90000", "monthlyAudience: 100000000000000000000"),
    error: /^listings\.yaml:2 channels\[0\]\.monthlyAudience: 100000000000000000000 — expected a plausible figure/,
  },
  {
    name: "amount over a billion",
    edit: replace("revenue.yaml", "amount: 1200", "amount: 2000000000"),
    error: /^revenue\.yaml:2 revenue\[0\]\.amount: 2000000000 — expected an amount in US dollars between/,
  },
  {
    name: "audience beyond plausible",
    edit: replace("listings.yaml", "monthlyAudience: 90000", "monthlyAudience: 99000000000"),
    error: /^listings\.yaml:2 channels\[0\]\.monthlyAudience: 99000000000 — expected a plausible figure/,
  },
  {
    name: "140% to one holder",
    edit: replace("equity.yaml", "holder: Operator, role: Founder, pct: 100", "holder: Operator, role: Founder, pct: 140"),
    error: /^equity\.yaml:4 holders\[2\]\.pct: 140 — expected a percentage 0–100$/,
  },
  {
    name: "binary integer",
    edit: replace("contacts.yaml", "size: 400", "size: 0b101"),
    error: /^contacts\.yaml:2 lists\[0\]\.size: 0b101 — expected a number in decimal notation/,
  },
  {
    name: "YAML 1.1 sexagesimal",
    edit: both(replace("costs.yaml", "monthly: 300", "monthly: 5:00"), async (d) => {
      const p = path.join(d, "costs.yaml");
      await writeFile(p, `%YAML 1.1\n---\n${await readFile(p, "utf8")}`);
    }),
    error: /^costs\.yaml:4 fixed\[0\]\.monthly: 5:00 — expected a number in decimal notation/,
  },
  {
    name: "negative percentage",
    edit: replace("aws.yaml", "textTransferPct: 30", "textTransferPct: -3"),
    error: /^aws\.yaml:\d+ buckets\[0\]\.textTransferPct: -3 — expected a percentage 0–100$/,
  },
];

const integrity: Case[] = [
  {
    name: "duplicate repository id",
    edit: replace("repos.yaml", "id: beta-site", "id: alpha-site"),
    error: /^repos\.yaml:\d+ repos\[1\]\.id: "alpha-site" repeats repos\[0\]\.id — expected a unique id$/,
  },
  {
    name: "same GitHub repository twice",
    edit: replace("repos.yaml", "    trackedFiles: [README.md]", "    github: example-org/alpha-site"),
    error: /^repos\.yaml:\d+ repos\[1\]\.github: "example-org\/alpha-site" repeats repos\[0\]\.github/,
  },
  {
    name: "duplicate Lambda name",
    edit: replace("aws.yaml", "name: alpha-mailer", "name: alpha-api"),
    error: /^aws\.yaml:\d+ lambdas\[1\]\.name: "alpha-api" repeats lambdas\[0\]\.name \(same function name\)/,
  },
  {
    name: "duplicate bucket",
    edit: append(
      "aws.yaml",
      "  - { name: alpha-site, entity: beta, servedVia: none, compression: false, textTransferPct: 0, monthlyTransferGb: 1 }\n",
    ),
    error: /^aws\.yaml:\d+ buckets\[1\]\.name: "alpha-site" repeats buckets\[0\]\.name/,
  },
  {
    name: "duplicate channel id",
    edit: replace(
      "listings.yaml",
      "listings:\n",
      "  - { id: search-profile, name: Copy, kind: search, fits: [charter], commissionPct: 0, monthlyAudience: 1, setupEffortDays: 1 }\nlistings:\n",
    ),
    error: /^listings\.yaml:4 channels\[2\]\.id: "search-profile" repeats channels\[0\]\.id/,
  },
  {
    name: "duplicate account id",
    edit: append("accounts.yaml", "  - { id: alpha-bank, entity: beta, kind: saas, provider: Example, purpose: Copy }\n"),
    error: /^accounts\.yaml:4 accounts\[2\]\.id: "alpha-bank" repeats accounts\[0\]\.id/,
  },
  {
    name: "duplicate entity id",
    edit: extraEntity("alpha", "Gamma Works"),
    error: /^portfolio\.yaml:\d+ entities\[2\]\.id: "alpha" repeats entities\[0\]\.id/,
  },
  {
    name: "duplicate entity name",
    edit: replace("portfolio.yaml", "name: Beta Hauling", "name: Alpha Tours"),
    error: /^portfolio\.yaml:\d+ entities\[1\]\.name: "Alpha Tours" repeats entities\[0\]\.name/,
  },
  {
    name: "duplicate asset id",
    edit: replace("assets.yaml", "id: a-truck", "id: a-van"),
    error: /^assets\.yaml:3 assets\[1\]\.id: "a-van" repeats assets\[0\]\.id/,
  },
  {
    name: "duplicate expense id",
    edit: replace("expenses.yaml", "id: e-2", "id: e-1"),
    error: /^expenses\.yaml:3 expenses\[1\]\.id: "e-1" repeats expenses\[0\]\.id/,
  },
  {
    name: "duplicate bank line id",
    edit: replace("bank.yaml", "id: b-2", "id: b-1"),
    error: /^bank\.yaml:3 transactions\[1\]\.id: "b-1" repeats transactions\[0\]\.id/,
  },
  {
    name: "duplicate revenue id",
    edit: replace("revenue.yaml", "id: r-2", "id: r-1"),
    error: /^revenue\.yaml:3 revenue\[1\]\.id: "r-1" repeats revenue\[0\]\.id — expected a unique id$/,
  },
  {
    name: "duplicate service name",
    edit: replace(
      "portfolio.yaml",
      "        handlesPayments: true\n",
      "        handlesPayments: true\n      - { name: Booking form, kind: website, url: https://alpha.example, auth: none, cors: none }\n",
    ),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.services\[1\]\.name: "Booking form" repeats entities\[0\]\.services\[0\]/,
  },
  {
    name: "duplicate listing",
    edit: replace("listings.yaml", "channel: tour-market, status: planned", "channel: search-profile, status: planned"),
    error: /^listings\.yaml:\d+ listings\[1\]\.channel: "search-profile" repeats listings\[0\]\.channel \(same entity and channel\)/,
  },
  {
    name: "duplicate KPI",
    edit: replace("kpis.yaml", "id: runway, role: cfo", "id: revenue-last-month, role: ceo"),
    error: /^kpis\.yaml:3 catalogue\[1\]\.id: "revenue-last-month" repeats catalogue\[0\]\.id/,
  },
  {
    name: "duplicate metric series",
    edit: append(
      "metrics.yaml",
      "  - { entity: alpha, namespace: AWS/Lambda, metric: Invocations, dimension: FunctionName=alpha-api, stat: Sum, values: [1] }\n",
    ),
    error: /^metrics\.yaml:3 metrics\[1\]\.metric: "Invocations" repeats metrics\[0\]\.metric \(same series\)/,
  },
  {
    name: "channel id is a reserved word",
    edit: both(
      replace("listings.yaml", "id: tour-market", "id: entity"),
      replace("listings.yaml", "channel: tour-market", "channel: entity"),
    ),
    error: /^listings\.yaml:3 channels\[1\]\.id: "entity" is a reserved word — expected another id/,
  },
  {
    name: "entity id is a reserved word",
    edit: extraEntity("all", "Everything Co"),
    error: /^portfolio\.yaml:\d+ entities\[2\]\.id: "all" is a reserved word/,
  },
  {
    name: "account id is a reserved word",
    edit: both(
      replace("accounts.yaml", "id: beta-bank", "id: portfolio"),
      replace("expenses.yaml", "account: beta-bank", "account: portfolio"),
    ),
    error: /^accounts\.yaml:3 accounts\[1\]\.id: "portfolio" is a reserved word/,
  },
  {
    name: "equity holder of an unknown entity",
    edit: replace("equity.yaml", "{ entity: beta, holder", "{ entity: betta, holder"),
    error: /^equity\.yaml:4 holders\[2\]\.entity: "betta" is not a known entity — expected one of alpha, beta$/,
  },
  {
    name: "agreement for a misspelt entity",
    edit: replace("equity.yaml", "{ entity: alpha, kind: operating", "{ entity: alpah, kind: operating"),
    error: /^equity\.yaml:6 agreements\[0\]\.entity: "alpah" is not a known entity/,
  },
  {
    name: "listing for an unknown entity",
    edit: replace("listings.yaml", "{ entity: alpha, channel: search-profile", "{ entity: gamma, channel: search-profile"),
    error: /^listings\.yaml:\d+ listings\[0\]\.entity: "gamma" is not a known entity/,
  },
  {
    name: "listing on an unknown channel",
    edit: replace("listings.yaml", "channel: tour-market, status", "channel: video-site, status"),
    error: /^listings\.yaml:\d+ listings\[1\]\.channel: "video-site" is not a known channel/,
  },
  {
    name: "expense to an unknown account",
    edit: replace("expenses.yaml", "account: beta-bank", "account: beta-savings"),
    error: /^expenses\.yaml:3 expenses\[1\]\.account: "beta-savings" is not a known account/,
  },
  {
    name: "expense for an unknown entity",
    edit: replace("expenses.yaml", "{ id: e-1, entity: alpha", "{ id: e-1, entity: alfa"),
    error: /^expenses\.yaml:2 expenses\[0\]\.entity: "alfa" is not a known entity/,
  },
  {
    name: "revenue to an unknown account",
    edit: replace("revenue.yaml", "amount: 1300, account: alpha-bank", "amount: 1300, account: alpha-till"),
    error: /^revenue\.yaml:3 revenue\[1\]\.account: "alpha-till" is not a known account/,
  },
  {
    name: "bank line on an unknown account",
    edit: replace("bank.yaml", "{ id: b-1, account: alpha-bank", "{ id: b-1, account: alpha-savings"),
    error: /^bank\.yaml:2 transactions\[0\]\.account: "alpha-savings" is not a known account/,
  },
  {
    name: "asset of an unknown entity",
    edit: replace("assets.yaml", ASSET, "{ id: a-van, entity: zeta, kind: vehicle"),
    error: /^assets\.yaml:2 assets\[0\]\.entity: "zeta" is not a known entity/,
  },
  {
    name: "Lambda of an unknown entity",
    edit: replace("aws.yaml", LAMBDA, "{ name: alpha-api, entity: omega, memoryMb: 512"),
    error: /^aws\.yaml:\d+ lambdas\[0\]\.entity: "omega" is not a known entity/,
  },
  {
    name: "repository of an unknown entity",
    edit: replace("repos.yaml", "    entity: beta\n", "    entity: delta\n"),
    error: /^repos\.yaml:\d+ repos\[1\]\.entity: "delta" is not a known entity/,
  },
  {
    name: "metric of an unknown entity",
    edit: replace("metrics.yaml", "{ entity: alpha", "{ entity: sigma"),
    error: /^metrics\.yaml:2 metrics\[0\]\.entity: "sigma" is not a known entity/,
  },
  {
    name: "holders owning 140% in all",
    edit: replace("equity.yaml", "role: Guide, pct: 40", "role: Guide, pct: 80"),
    error:
      /^equity\.yaml:3 holders\[1\]\.pct: 80 — expected the holders of "alpha" to own at most 100% in all \(this row brings them to 140%\)$/,
  },
  {
    name: "percentage costs over the price",
    edit: replace("costs.yaml", "pctOfPrice: 3 }", "pctOfPrice: 50 }, { name: Commission, pctOfPrice: 60 }"),
    error: /^costs\.yaml:\d+ unitEconomics\[0\]\.variableCosts: 110% of the price — expected percentage costs of at most 100% in all$/,
  },
  {
    name: "more opted in than on the list",
    edit: replace("contacts.yaml", "optedIn: 300", "optedIn: 500"),
    error: /^contacts\.yaml:2 lists\[0\]\.optedIn: 500 — expected at most the list's size \(400\)$/,
  },
  {
    name: "low above high",
    edit: replace("contacts.yaml", "responseRatePct: { low: 1.5", "responseRatePct: { low: 5"),
    error: /^contacts\.yaml:\d+ campaign\.responseRatePct\.low: 5 — expected low ≤ high \(4\)$/,
  },
  {
    name: "Lambda using more memory than it has",
    edit: replace("aws.yaml", "maxUsedMb: 120", "maxUsedMb: 900"),
    error: /^aws\.yaml:\d+ lambdas\[0\]\.maxUsedMb: 900 — expected at most the function's memoryMb \(512\)$/,
  },
];

const strings: Case[] = [
  {
    name: "a 1 MB entity name",
    edit: replace("portfolio.yaml", "name: Alpha Tours", `name: ${"A".repeat(1_000_000)}`),
    error: /^portfolio\.yaml:9 entities\[0\]\.name: "A+…" \(1000000 characters\) — expected at most 200 characters \(shorten it\)$/,
  },
  {
    name: "a description of 5,000 characters",
    edit: replace("portfolio.yaml", "description: Guided tours", `description: ${"x".repeat(5000)}`),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.description: .* — expected at most 2000 characters/,
  },
  {
    name: "an id of 100 characters",
    edit: replace("assets.yaml", "id: a-van", `id: a-${"v".repeat(98)}`),
    error: /^assets\.yaml:2 assets\[0\]\.id: "a-v+" — expected a lower-case id of at most 64 characters$/,
  },
  {
    name: "a key of 300 characters",
    edit: append("pipeline.yaml", `${"k".repeat(300)}: 1\n`),
    error: /^pipeline\.yaml:\d+ \(top level\): a key of 300 characters — expected a field name/,
  },
  {
    name: "a memo of 10,000 characters",
    edit: replace("expenses.yaml", 'memo: "" }\n  - { id: e-2', `memo: "${"m".repeat(10_000)}" }\n  - { id: e-2`),
    error: /^expenses\.yaml:2 expenses\[0\]\.memo: .* — expected at most 2000 characters/,
  },
];

const encodings: Case[] = [
  {
    name: "UTF-16 LE with a byte-order mark",
    edit: write("assets.yaml", utf16("assets: []\n")),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 LE \(byte-order mark FF FE\) — expected UTF-8 \(re-save the file as UTF-8\)$/,
  },
  {
    name: "UTF-16 BE with a byte-order mark",
    edit: write("assets.yaml", utf16("assets: []\n", true)),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 BE \(byte-order mark FE FF\) — expected UTF-8/,
  },
  {
    name: "UTF-32 LE",
    edit: write("assets.yaml", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("a\0\0\0")])),
    error: /^assets\.yaml:1 \(encoding\): UTF-32 LE/,
  },
  {
    name: "UTF-16 without a byte-order mark",
    edit: write("assets.yaml", Buffer.from("assets: []\n", "utf16le")),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 without a byte-order mark/,
  },
  {
    name: "Latin-1 text",
    edit: write("assets.yaml", Buffer.from("assets:\n  - { id: a-van, entity: alpha, kind: vehicle, name: Caf\xe9 van }\n", "latin1")),
    error: /^assets\.yaml:2 \(encoding\): invalid UTF-8 byte 0xE9 at column 57 — expected UTF-8/,
  },
  {
    name: "a NUL byte",
    edit: write("bank.yaml", Buffer.from("transactions: []\n# end\0\n")),
    error: /^bank\.yaml:2 \(encoding\): NUL byte at column 6 — expected text/,
  },
  {
    name: "a truncated multi-byte character",
    edit: write("kpis.yaml", Buffer.concat([Buffer.from("catalogue: []\n# \u00e9"), Buffer.from([0xe2, 0x82])])),
    error: /^kpis\.yaml:2 \(encoding\): invalid UTF-8 byte 0xE2/,
  },
  {
    name: "an overlong encoding",
    edit: write("kpis.yaml", Buffer.concat([Buffer.from("catalogue: []\n# "), Buffer.from([0xc0, 0xaf])])),
    error: /^kpis\.yaml:2 \(encoding\): invalid UTF-8 byte 0xC0/,
  },
];

const files: Case[] = [
  {
    name: "portfolio.yaml is a FIFO (refused without blocking)",
    edit: fifo("portfolio.yaml"),
    error: /^portfolio\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "bank.yaml is a FIFO",
    edit: fifo("bank.yaml"),
    error: /^bank\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "bank.yaml is a folder",
    edit: async (d) => {
      await rm(path.join(d, "bank.yaml"));
      await mkdir(path.join(d, "bank.yaml"));
    },
    error: /^bank\.yaml:1 \(file\): a folder — expected a regular file/,
  },
  {
    name: "a file over the size limit",
    edit: async (d) => truncate(path.join(d, "expenses.yaml"), 17 * 1024 * 1024),
    error: /^expenses\.yaml:1 \(file\): 17\.0 MiB — expected at most 16\.0 MiB/,
  },
  {
    name: "a list over the row limit",
    edit: write(
      "metrics.yaml",
      `metrics:\n  - { entity: alpha, namespace: N, metric: M, dimension: D, stat: Sum, values: [${"0,".repeat(200_001)}0] }\n`,
    ),
    error: /^metrics\.yaml:2 metrics\[0\]\.values: 200002 rows — expected at most 200000/,
  },
  {
    name: "a YAML alias bomb",
    edit: write(
      "assets.yaml",
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nassets: []\n`,
    ),
    error:
      /^assets\.yaml:2 \(aliases\): aliases expanding to more than 10000 values or used more than 100 times \(a YAML alias bomb\?\) — expected plain data/,
  },
  {
    name: "an alias bomb inside a known list",
    edit: write(
      "repos.yaml",
      `x0: &a [f, f, f, f, f, f, f, f, f, f]\nx1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nrepos:\n  - { id: r, entity: alpha, trackedFiles: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b] }\n`,
    ),
    error: /^repos\.yaml:2 \(aliases\): aliases expanding to more than 10000 values/,
  },
  { name: "an alias to itself", edit: write("assets.yaml", "assets: &a [*a]\n"), error: /^assets\.yaml:1 \(aliases\): / },
  {
    name: "no portfolio.yaml",
    edit: async (d) => rm(path.join(d, "portfolio.yaml")),
    error: /^portfolio\.yaml:1 \(file\): missing — every data folder needs portfolio\.yaml/,
  },
  {
    name: "a symlink loop",
    edit: async (d) => {
      await rm(path.join(d, "bank.yaml"));
      await symlink("bank.yaml", path.join(d, "bank.yaml"));
    },
    error: /^bank\.yaml:1 \(file\): cannot be read \(ELOOP\)/,
  },
  {
    name: "dynamodb.yaml is a FIFO",
    edit: async (d) => void execFileSync("mkfifo", [path.join(d, "dynamodb.yaml")]),
    error: /^dynamodb\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "dynamodb.yaml in UTF-16",
    edit: write("dynamodb.yaml", utf16("tables: []\n")),
    error: /^dynamodb\.yaml:1 \(encoding\): UTF-16 LE/,
  },
];

const flags: Case[] = [
  {
    name: "--data is a file",
    edit: async () => {},
    args: ["--data", "FILE"],
    error: /^--data .*portfolio\.yaml: a file, not a folder — expected the folder that holds portfolio\.yaml$/,
  },
  {
    name: "--data does not exist",
    args: ["--data", "NOWHERE"],
    error: /^--data .*nowhere: not found — expected the folder that holds portfolio\.yaml/,
  },
  {
    name: "--out is a file",
    via: "checkOutDir",
    out: "out-file",
    prepareOut: (r) => writeFile(path.join(r, "out-file"), "x"),
    error: /^--out .*out-file: a file, not a folder — expected a folder to write the reports in/,
  },
  {
    name: "--out under a file",
    via: "checkOutDir",
    out: "out-file/reports",
    prepareOut: (r) => writeFile(path.join(r, "out-file"), "x"),
    error: /^--out .*out-file\/reports: .*out-file is a file — expected a path whose parents are folders/,
  },
  {
    name: "--out on a read-only file system",
    via: "checkOutDir",
    out: "ro/out",
    skip: () => !canMount(),
    prepareOut: async (r) => {
      await mkdir(path.join(r, "ro"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", path.join(r, "ro")]);
    },
    error: /^--out .*ro\/out \(its nearest existing folder .*ro\): on a read-only file system — expected a writable folder/,
  },
  {
    name: "--out on a full file system",
    via: "checkOutDir",
    out: "tiny/out",
    skip: () => !canMount(),
    prepareOut: async (r) => {
      await mkdir(path.join(r, "tiny"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", path.join(r, "tiny")]);
    },
    error: /^--out .*tiny\/out: \d+ KiB free on its file system — expected at least 1024 KiB/,
  },
  { name: "bad --period", args: ["--period", "2026-48"], error: /^--period "2026-48"/ },
  { name: "week that does not exist", args: ["--period", "2025-W53"], error: /^--period "2025-W53": week 53 does not exist in 2025$/ },
  {
    name: "unknown --role",
    args: ["--role", "cfo,coo"],
    error: /^--role: "coo" is not a role — expected a comma-separated list of ceo, cto, cfo, cmo, accounting$/,
  },
  {
    name: "unknown --entities",
    args: ["--entities", "alpha,acme"],
    error: /^--entities: "acme" not in .*portfolio\.yaml — expected one of alpha, beta$/,
  },
  { name: "bad --mailer", args: ["--mailer", "smtp"], error: /^--mailer: "smtp" — expected one of ses, outbox$/ },
  {
    name: "bad sender in the environment",
    env: { SES_SENDER_EMAIL: "reports-at-example.com" },
    error: /^environment SES_SENDER_EMAIL: "reports-at-example\.com" — expected a verified SES sender/,
  },
  {
    name: "bad region in an env file",
    envFile: "AWS_REGION=Oregon\n",
    error: /^.*\.env:1 AWS_REGION: "Oregon" — expected an AWS region such as us-east-1$/,
  },
  {
    name: "bad override recipient",
    env: { RECIPIENT_EMAIL: "ceo@example.com;bob@" },
    error: /^environment RECIPIENT_EMAIL: "ceo@example\.com;bob@" — expected an email address/,
  },
  {
    name: "missing env file",
    args: ["--env-file", "/nonexistent/.env"],
    error: /^--env-file \/nonexistent\/\.env: cannot be read \(ENOENT\)$/,
  },
];

let mountable: boolean | undefined;
/** True when this machine lets the tests mount a small tmpfs (root with CAP_SYS_ADMIN). */
export function canMount(): boolean {
  if (mountable !== undefined) return mountable;
  try {
    const dir = execFileSync("mktemp", ["-d"]).toString().trim();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    mountable = true;
  } catch {
    mountable = false;
  }
  return mountable;
}

export const CASES: Case[] = [...syntax, ...schema, ...numbers, ...integrity, ...strings, ...encodings, ...files, ...flags];
export const CLASSES = { syntax, schema, numbers, integrity, strings, encodings, files, flags };
