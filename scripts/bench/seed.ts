/** The scaled portfolio: 7 entities, 35 repositories with the period's commits, 50,000 revenue items in DynamoDB, 200 metric queries. */

import { createHash, randomBytes } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import pLimit from "p-limit";
import { parse, stringify } from "yaml";
import { seriesFor } from "../../src/collect/sources/cloudwatch.js";
import { loadDataDir } from "../../src/config/load.js";
import type { Inventory } from "../../src/config/schema.js";
import { type FakeGitHub, type FakeRepo, makeCommits } from "../dev/fake-github.js";

export const PERIOD = { label: "2026-W48", start: "2026-11-23T00:00:00.000Z", end: "2026-11-30T00:00:00.000Z" };
export const NOW = new Date("2026-11-30T08:00:00Z");
export const REVENUE_TABLE = "bench-revenue";
export const LOOKBACK_DAYS = 120;
/** Days of revenue history in the table (the Query reads only the last LOOKBACK_DAYS of it). */
const HISTORY_DAYS = 6 * 365;
const REPOS_PER_ENTITY = 5;
const REVENUE_ACCOUNTS: Record<string, string> = { jada: "jada-stripe", queenofsandiego: "qsd-stripe", quickdumpnow: "qdn-squarespace" };

export interface Scale {
  commits: number;
  items: number;
  metricQueries: number;
}
export const FULL_SCALE: Scale = { commits: 5000, items: 50_000, metricQueries: 200 };

export interface Workload {
  entities: number;
  repos: { key: string; entity: string; commits: number; files: number; scanned: number }[];
  commits: number;
  items: number;
  itemsByEntity: Record<string, { total: number; inWindow: number; windowBytes: number }>;
  tableBytes: number;
  metricQueries: { regional: number; usEast1: number };
}

const sha = (s: string) => createHash("sha1").update(s).digest("hex");

/** A fake Stripe-shaped test key, made at run time so no key-like string lives in the repository. */
const fakeStripeKey = () => `sk_${"test"}_${randomBytes(18).toString("hex")}`;

/** Source files of one repository: some with Dependabot, some with an audit workflow, a few with a committed env file. */
function repoFiles(name: string, k: number): Record<string, string> {
  const files: Record<string, string> = {
    "README.md": `# ${name}\n\nService ${k} of the portfolio.\n`,
    "package.json": JSON.stringify({ name, version: "1.0.0", scripts: { test: "vitest run" } }, null, 2),
    "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
    "src/index.ts": `export const service = ${JSON.stringify(name)};\n`,
    "src/handler.ts": `export async function handler() { return { statusCode: 200, body: "${name}" }; }\n`,
    "src/config.ts": `export const region = "us-west-2";\n`,
    "src/db.ts": `export const table = "${name}-table";\n`,
    "test/handler.test.ts": `import { handler } from "../src/handler";\n`,
    "infra/template.yaml": `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n`,
    ".github/workflows/ci.yml": `name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm test\n${k % 2 ? "      - run: npm audit --audit-level=high\n" : ""}`,
    "docs/runbook.md": "# Runbook\n",
    "public/logo.svg": "<svg/>\n",
  };
  if (k % 3 === 0)
    files[".github/dependabot.yml"] =
      "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n";
  if (k === 5) files[".env.production"] = `STRIPE_SECRET_KEY=${fakeStripeKey()}\n`;
  return files;
}

/**
 * Writes the scaled data directory (a copy of data/ with repos, metrics and DynamoDB mappings replaced). Its audiences are
 * the sample's all-entity weekly ones (one per role), in UTC, so the reported week is PERIOD exactly.
 */
export async function writeBenchData(
  dir: string,
  root: string,
  scale: Scale,
): Promise<{ inventory: Inventory; repos: { key: string; entity: string; weight: number }[] }> {
  await cp(path.join(root, "data"), dir, { recursive: true });
  const base = await loadDataDir(dir);
  const entities = base.portfolio.entities.map((e) => e.id);
  const repos = entities.flatMap((entity) =>
    Array.from({ length: REPOS_PER_ENTITY }, (_, i) => ({ key: `bench-org/${entity}-svc${i + 1}`, entity, weight: i + 1 })),
  );
  await writeFile(
    path.join(dir, "repos.yaml"),
    stringify({ repos: repos.map((r) => ({ id: r.key.split("/")[1], entity: r.entity, github: r.key })) }),
  );

  // seriesFor() adds Lambda and billing series from aws.yaml; fill metrics.yaml up to the wanted number of queries.
  const extraNeeded = scale.metricQueries - seriesFor({ ...base, metrics: { metrics: [] } }).length;
  const metrics: Inventory["metrics"]["metrics"] = [];
  const kinds = [
    ["AWS/Lambda", "Invocations", "FunctionName", "Sum"],
    ["AWS/Lambda", "Errors", "FunctionName", "Sum"],
    ["AWS/Lambda", "Duration", "FunctionName", "Average"],
    ["AWS/ApiGateway", "Count", "ApiName", "Sum"],
    ["AWS/ApiGateway", "5XXError", "ApiName", "Sum"],
    ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", "Sum"],
    ["AWS/CloudFront", "Requests", "DistributionId", "Sum"],
    ["AWS/S3", "BucketSizeBytes", "BucketName", "Average"],
  ] as const;
  for (let i = 0; metrics.length < extraNeeded; i++) {
    const [namespace, metric, dim, stat] = kinds[i % kinds.length]!;
    const entity = entities[Math.floor(i / kinds.length) % entities.length]!;
    const n = Math.floor(i / (kinds.length * entities.length));
    metrics.push({
      entity,
      namespace,
      metric,
      dimension: `${dim}=bench-${entity}-${n}`,
      stat,
      values: Object.fromEntries([23, 24, 25, 26, 27, 28, 29].map((d) => [`2026-11-${d}`, 1])),
    });
  }
  await writeFile(path.join(dir, "metrics.yaml"), stringify({ metrics }));

  const sample = parse(await readFile(path.join(dir, "audiences.yaml"), "utf8")) as {
    defaults?: Record<string, unknown>;
    audiences: { scope?: unknown; cadence: string; timeZone?: string }[];
  };
  const weekly = sample.audiences.filter((a) => (a.scope ?? "all") === "all" && a.cadence === "weekly").map(({ timeZone: _tz, ...a }) => a);
  await writeFile(path.join(dir, "audiences.yaml"), stringify({ defaults: { ...sample.defaults, timeZone: "UTC" }, audiences: weekly }));

  const revenueEntities = Object.keys(REVENUE_ACCOUNTS);
  await writeFile(
    path.join(dir, "dynamodb.yaml"),
    stringify({
      tables: revenueEntities.map((entity) => ({
        table: REVENUE_TABLE,
        dataset: "revenue",
        list: "revenue",
        entity,
        query: { partitionKey: "entity", sortKey: "sk", lookbackDays: LOOKBACK_DAYS },
        omit: ["sk"],
      })),
    }),
  );
  return { inventory: await loadDataDir(dir), repos };
}

/** Puts the repositories, their commits and files, and an empty project into the stand-in. */
export function seedGitHub(gh: FakeGitHub, repos: { key: string; entity: string; weight: number }[], scale: Scale): void {
  const totalWeight = repos.reduce((a, r) => a + r.weight, 0);
  let left = scale.commits;
  repos.forEach((r, i) => {
    const n = i === repos.length - 1 ? left : Math.round((scale.commits * r.weight) / totalWeight);
    left -= n;
    const repo: FakeRepo = {
      commits: makeCommits(n, PERIOD.start, PERIOD.end, r.key),
      files: repoFiles(r.key.split("/")[1]!, r.weight),
      openIssues: r.weight * 2,
      openPullRequests: r.weight,
    };
    gh.repos.set(r.key, repo);
  });
  gh.addProject({ owner: "bench-org", number: 1 });
}

/** Revenue items spread over HISTORY_DAYS before the period end, round-robin across the revenue-earning entities. */
export function revenueItems(n: number): Record<string, unknown>[] {
  const end = Date.parse(PERIOD.end);
  const entities = Object.keys(REVENUE_ACCOUNTS);
  return Array.from({ length: n }, (_, i) => {
    const entity = entities[i % entities.length]!;
    const day = new Date(end - (1 + Math.floor((i * HISTORY_DAYS) / n)) * 86_400_000).toISOString().slice(0, 10);
    return {
      entity,
      sk: `${day}#${String(i).padStart(6, "0")}`,
      date: day,
      id: `rv-${entity.slice(0, 3)}-${i}`,
      stream: i % 4 === 0 ? "Gift card" : "Online booking",
      kind: i % 4 === 0 ? "sale" : "service",
      amount: 40 + (i % 17) * 5,
      account: REVENUE_ACCOUNTS[entity]!,
    };
  });
}

/** Loads the items with BatchWriteItem straight into dynalite (not through the latency proxy: seeding is not measured). */
export async function seedRevenue(client: DynamoDBClient, items: Record<string, unknown>[]): Promise<void> {
  const limit = pLimit(8);
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await Promise.all(
    chunks.map((c) =>
      limit(async () => {
        let req: Record<string, WriteRequest[]> | undefined = { [REVENUE_TABLE]: c.map((it) => ({ PutRequest: { Item: marshall(it) } })) };
        while (req && Object.keys(req).length) req = (await client.send(new BatchWriteItemCommand({ RequestItems: req }))).UnprocessedItems;
      }),
    ),
  );
}

/** Bytes DynamoDB counts for an item (attribute names plus values), to predict 1 MB pages. */
export function itemBytes(it: Record<string, unknown>): number {
  return Object.entries(it).reduce(
    (a, [k, v]) => a + Buffer.byteLength(k) + (typeof v === "number" ? 21 : Buffer.byteLength(String(v))),
    0,
  );
}

export { sha };
