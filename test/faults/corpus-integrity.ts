/** Corpus cases: integrity within and across files (unique ids, references, reserved words, shares). */
import { ASSET, append, both, type Case, extraEntity, LAMBDA, replace } from "./corpus-helpers.js";

export const integrity: Case[] = [
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
      "  - { entity: alpha, namespace: AWS/Lambda, metric: Invocations, dimension: FunctionName=alpha-api, stat: Sum, values: { 2026-11-23: 1 } }\n",
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
