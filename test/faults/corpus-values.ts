/** Corpus cases: YAML syntax, schema, and numbers (notation, range, finiteness). */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { both, type Case, replace, write } from "./corpus-helpers.js";

export const syntax: Case[] = [
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

export const schema: Case[] = [
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
    edit: replace("audiences.yaml", "to: [cfo@example.com]", "to: [bob@]"),
    error: /^audiences\.yaml:7 audiences\[2\]\.recipients\.to\[0\]: "bob@" — expected an email address such as ops@example\.com$/,
  },
  {
    name: "no recipient",
    edit: replace("audiences.yaml", "to: [cto@example.com]", "to: []"),
    error: /^audiences\.yaml:6 audiences\[1\]\.recipients\.to: \[\] — expected at least one address$/,
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
    error: /^repos\.yaml:\d+ repos\[1\]: .* — expected a repo needs github, path, history or trackedFiles$/,
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
    error: /^portfolio\.yaml:1 \(file\): empty — expected the keys name, delivery, defaults, entities, recipients/,
  },
  {
    name: "sender not an address",
    edit: replace("portfolio.yaml", "sender: reports@example.com", "sender: reports"),
    error: /^portfolio\.yaml:4 delivery\.sender: "reports" — expected an email address/,
  },
];

export const numbers: Case[] = [
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
    edit: replace("metrics.yaml", "2026-11-23: 300,", "2026-11-23: .nan,"),
    error: /^metrics\.yaml:2 metrics\[0\]\.values\.2026-11-23: \.nan — expected a finite number/,
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
