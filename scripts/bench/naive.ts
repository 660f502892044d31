/**
 * The naive baseline: the simplest code that gets the same facts. REST list-commits plus one request per commit for
 * line stats, one REST contents request per scanned file, a full-table Scan filtered on the client, one CloudWatch call
 * per metric, and the roles run one after another. Every call is awaited in turn, as a straightforward script would.
 */
import { type CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { type Commit, type Fact, type MetricSeries, missing, present, type RepoFacts } from "../../src/collect/snapshot.js";
import { GLOBAL_NAMESPACES, seriesFor } from "../../src/collect/sources/cloudwatch.js";
import { priorityFiles, scanningFiles, workflowFiles } from "../../src/collect/sources/dependency-scanning.js";
import { DynamoDbDatasetSource } from "../../src/collect/sources/dynamodb.js";
import { dynamoDbConfigSchema } from "../../src/collect/sources/dynamodb-config.js";
import { isScanCandidate, MAX_SCAN_BYTES, scanContent } from "../../src/collect/sources/secret-scan.js";
import type { CollectContext, DatasetSource, GitSource, MetricsSource, RepoConfig } from "../../src/collect/sources/source.js";
import type { GitHubClient } from "../../src/github/client.js";
import { type Edges, type RunOptions, type RunResult, run } from "../../src/pipeline/run.js";
import type { Logger } from "../../src/shared/logger.js";
import { LOOKBACK_DAYS, REVENUE_TABLE } from "./seed.js";

const DAY_MS = 86_400_000;

interface RestCommit {
  sha: string;
  commit: { author: { name?: string; date?: string } | null; message: string };
  parents: unknown[];
  stats?: { additions?: number; deletions?: number };
}

/** Git facts by plain REST, one repository, commit and file at a time. */
export class NaiveGitSource implements GitSource {
  readonly name = "github";
  constructor(private readonly client: GitHubClient) {}

  async repos(repos: RepoConfig[], ctx: CollectContext): Promise<Record<string, Fact<RepoFacts>>> {
    const out: Record<string, Fact<RepoFacts>> = {};
    for (const r of repos) {
      try {
        out[r.github!] = present(await this.repo(r, ctx), `GitHub API ${r.github}`, ctx.now().toISOString());
      } catch (e) {
        out[r.github!] = missing(`${r.github}: ${e instanceof Error ? e.message : String(e)}`, `GitHub API ${r.github}`);
      }
    }
    return out;
  }

  private async repo(r: RepoConfig, ctx: CollectContext): Promise<RepoFacts> {
    const [owner = "", repo = ""] = r.github!.split("/");
    const c = this.client;
    const { data: meta } = await c.request("GET /repos/{owner}/{repo}", { owner, repo });
    const pulls = await c.paginate("GET /repos/{owner}/{repo}/pulls", { owner, repo, state: "open", per_page: 100 });
    const list = (await c.paginate("GET /repos/{owner}/{repo}/commits", {
      owner,
      repo,
      sha: meta.default_branch,
      since: ctx.period.start,
      until: ctx.period.end,
      per_page: 100,
    })) as unknown as RestCommit[];
    const from = Date.parse(ctx.period.start);
    const to = Date.parse(ctx.period.end);
    const commits: Commit[] = [];
    for (const item of list) {
      const { data } = await c.request("GET /repos/{owner}/{repo}/commits/{ref}", { owner, repo, ref: item.sha });
      const full = data as unknown as RestCommit;
      const t = Date.parse(full.commit.author?.date ?? "");
      if (t < from || t >= to || full.parents.length > 1) continue;
      commits.push({
        sha: full.sha,
        author: full.commit.author?.name ?? "unknown",
        date: new Date(t).toISOString(),
        additions: full.stats?.additions ?? 0,
        deletions: full.stats?.deletions ?? 0,
        message: full.commit.message.split("\n")[0]!,
      });
    }
    const { data: branch } = await c.request("GET /repos/{owner}/{repo}/branches/{branch}", { owner, repo, branch: meta.default_branch });
    const { data: tree } = await c.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner,
      repo,
      tree_sha: branch.commit.commit.tree.sha,
      recursive: "1",
    });
    const sizes = new Map(tree.tree.filter((e) => e.type === "blob" && e.path).map((e) => [e.path!, e.size ?? 0]));
    const tracked = [...sizes.keys()];
    const workflows = workflowFiles(tracked);
    const candidates = [...new Set([...priorityFiles(tracked), ...tracked])]
      .filter((f) => isScanCandidate(f) && (sizes.get(f) ?? 0) <= MAX_SCAN_BYTES)
      .slice(0, 300);
    const texts = new Map<string, string>();
    for (const f of new Set([...workflows, ...candidates])) {
      const { data } = await c.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: f });
      const file = data as { content?: string; encoding?: string };
      if (file.content !== undefined)
        texts.set(f, Buffer.from(file.content, (file.encoding as BufferEncoding) ?? "base64").toString("utf8"));
    }
    const secrets = [];
    for (const f of candidates) {
      const text = texts.get(f);
      if (text !== undefined && !text.includes("\0")) secrets.push(...(await scanContent(f, text)));
    }
    return {
      repo: r.github!,
      entity: r.entity,
      commits,
      trackedFiles: tracked,
      dependencyScanning: scanningFiles(tracked, Object.fromEntries(workflows.map((f) => [f, texts.get(f) ?? ""]))),
      secrets,
      contentScanned: true,
      historyRead: true,
      openIssues: meta.open_issues_count - pulls.length,
      openPullRequests: pulls.length,
    };
  }
}

/** One GetMetricStatistics call per series, in turn. */
export class NaiveMetricsSource implements MetricsSource {
  readonly name = "cloudwatch";
  constructor(
    private readonly regional: Pick<CloudWatchClient, "send">,
    private readonly usEast1: Pick<CloudWatchClient, "send">,
    private readonly region: string,
  ) {}

  async metrics(ctx: CollectContext): Promise<Fact<MetricSeries[]>> {
    const start = new Date(ctx.period.start);
    const end = new Date(ctx.period.end);
    const days = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY_MS));
    const series: MetricSeries[] = [];
    for (const s of seriesFor(ctx.inventory)) {
      const client = GLOBAL_NAMESPACES.has(s.namespace) ? this.usEast1 : this.regional;
      const Dimensions = s.dimension
        .split(",")
        .filter(Boolean)
        .map((d) => {
          const [Name, ...v] = d.split("=");
          return { Name: Name!.trim(), Value: v.join("=").trim() };
        });
      const out = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: s.namespace,
          MetricName: s.metric,
          Dimensions,
          StartTime: start,
          EndTime: end,
          Period: 86_400,
          Statistics: [s.stat],
        }),
      );
      const byTime = new Map(
        (out.Datapoints ?? []).map((p) => [new Date(p.Timestamp!).getTime(), (p as Record<string, unknown>)[s.stat] as number]),
      );
      const points = Array.from({ length: days }, (_, d) => start.getTime() + d * DAY_MS)
        .filter((t) => byTime.has(t))
        .map((t) => ({ date: new Date(t).toISOString().slice(0, 10), value: byTime.get(t)! }));
      series.push({ ...s, points, total: points.reduce((a, p) => a + p.value, 0) });
    }
    return present(series, `cloudwatch ${this.region}`, ctx.now().toISOString());
  }
}

/** The revenue table read with a full Scan; the window [end − lookback, end) is applied on the client. */
export function naiveBusinessSource(client: Pick<DynamoDBClient, "send">, periodEnd: string): DatasetSource {
  const end = new Date(periodEnd);
  const from = new Date(end.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const lastDay = `${new Date(end.getTime() - 1).toISOString().slice(0, 10)}\uffff`;
  const filtering: Pick<DynamoDBClient, "send"> = {
    send: (async (cmd: unknown) => {
      const out = await client.send(cmd as ScanCommand);
      if (cmd instanceof ScanCommand) out.Items = (out.Items ?? []).filter((i) => (i.sk?.S ?? "") >= from && (i.sk?.S ?? "") <= lastDay);
      return out;
    }) as DynamoDBClient["send"],
  };
  const config = dynamoDbConfigSchema.parse({ tables: [{ table: REVENUE_TABLE, dataset: "revenue", list: "revenue", omit: ["sk"] }] });
  return new DynamoDbDatasetSource(filtering, config);
}

/** Reads a source once; later roles reuse it (generous to the baseline: a per-role script would read everything again). */
function once<T extends object, K extends keyof T>(src: T, method: K): T {
  let cached: unknown;
  return new Proxy(src, {
    get(target, prop, recv) {
      if (prop !== method) return Reflect.get(target, prop, recv);
      return (...args: unknown[]) => (cached ??= (target[method] as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/** Runs the roles one after another on the same edges; returns each role's result in order. */
export async function runNaive(opts: RunOptions, log: Logger, edges: Edges): Promise<RunResult[]> {
  const shared: Edges = { ...edges, sources: edges.sources.map((s) => once(s, "read")) };
  const results: RunResult[] = [];
  for (const role of builtinRoles.ids) results.push(await run({ ...opts, select: { ...opts.select, roles: [role] } }, log, shared));
  return results;
}
