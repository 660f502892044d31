/**
 * `npm run bench [-- --latency MS --scale X --out DIR --skip-action]`: exec-reports against a naive baseline on a scaled
 * portfolio, every service behind an injected per-request latency. Writes DIR/results.json and DIR/RESULTS.md.
 *
 * Services: dynalite and aws-ses-v2-local behind a latency-injecting HTTP proxy (scripts/bench/proxy.ts); GitHub as a
 * loopback node:http stand-in serving the fake GitHub's handlers (github-standin.ts); CloudWatch as an SDK-level stub
 * (cloudwatch-stub.ts), there being no CloudWatch emulator. Requests are counted where they arrive.
 */

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Report } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { CloudWatchMetricsSource, GLOBAL_NAMESPACES, seriesFor } from "../../src/collect/sources/cloudwatch.js";
import { priorityFiles, workflowFiles } from "../../src/collect/sources/dependency-scanning.js";
import { DynamoDbDatasetSource } from "../../src/collect/sources/dynamodb.js";
import { loadDynamoDbConfig } from "../../src/collect/sources/dynamodb-config.js";
import { datasetSource, gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import { isScanCandidate, MAX_SCAN_BYTES } from "../../src/collect/sources/secret-scan.js";
import { loadAudiences } from "../../src/config/audiences.js";
import type { Env } from "../../src/config/env.js";
import { SES_MAX_RECIPIENTS } from "../../src/delivery/batches.js";
import { SesMailer } from "../../src/delivery/ses.js";
import { createSesClient } from "../../src/delivery/ses-client.js";
import { createGitHubClient } from "../../src/github/client.js";
import { envelopeFor } from "../../src/pipeline/envelope.js";
import { type Edges, type RunOptions, type RunResult, run } from "../../src/pipeline/run.js";
import { renderReport } from "../../src/render/render.js";
import { memoryLogger } from "../../src/shared/logger.js";
import type { SelectContext } from "../../src/wiring/edges.js";
import { selectBoard } from "../../src/wiring/select-board.js";
import { selectGit } from "../../src/wiring/select-git.js";
import { clearStoredEmails, createTable, fakeCredentials, LOCAL_REGION, storedEmails } from "../dev/aws-local.js";
import { bigInputBench } from "./big-input.js";
import { lowerBounds } from "./bounds.js";
import { measureClientOverhead } from "./client-overhead.js";
import { stubbedCloudWatch } from "./cloudwatch-stub.js";
import { RequestCounter } from "./counter.js";
import { type MemoryPeak, sampleMemory } from "./memory.js";
import { NaiveGitSource, NaiveMetricsSource, naiveBusinessSource, runNaive } from "./naive.js";
import { type BenchResults, markdownReport, type RunMeasure } from "./report.js";
import {
  FULL_SCALE,
  itemBytes,
  LOOKBACK_DAYS,
  NOW,
  PERIOD,
  REVENUE_TABLE,
  revenueItems,
  type Scale,
  seedRevenue,
  writeBenchData,
} from "./seed.js";
import { startServices } from "./services.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** A common production SES rate; aws-ses-v2-local has no GetSendQuota. */
const SEND_RATE = 14;
const RENDER_WARMUP = 30;
/** GitHub's spacing between mutations in production (the client's default). */
const PRODUCTION_SPACING_MS = 1000;
const RENDER_RUNS = 100;
export const EMAIL_LIMIT_BYTES = 102 * 1024;
export const RENDER_BUDGET_MS = 20;

const { values } = parseArgs({
  options: {
    latency: { type: "string", default: "50" },
    scale: { type: "string", default: "1" },
    out: { type: "string", default: path.join(ROOT, "bench") },
    "skip-action": { type: "boolean", default: false },
    /** Milliseconds between GitHub writes (production: 1000); 0 measures the pipeline itself. */
    "write-spacing": { type: "string", default: "0" },
    /** Runs exec-reports only and prints its wall time against the bound; writes no results (for quick iteration). */
    "skip-naive": { type: "boolean", default: false },
    /** Keeps the temporary data and out directories (reports, snapshots) and prints where they are. */
    keep: { type: "boolean", default: false },
    /** Skips the 10 MB input memory run (scripts/bench/big-input.ts). */
    "skip-big": { type: "boolean", default: false },
    /** First runs of exec-reports, each on a fresh board, SES store and audit table: the median is reported. */
    "exec-runs": { type: "string", default: "3" },
  },
});
const latencyMs = Number(values.latency);
const factor = Number(values.scale);
if (!(latencyMs >= 0) || !(factor > 0)) throw new Error("--latency must be ≥ 0 and --scale > 0");
const scale: Scale = {
  commits: Math.round(FULL_SCALE.commits * factor),
  items: Math.round(FULL_SCALE.items * factor),
  metricQueries: FULL_SCALE.metricQueries,
};
const lat = () => latencyMs;
const say = (m: string) => process.stdout.write(`${m}\n`);

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Median and p95 render time of each report after warm-up, with the sizes of what it renders. */
function renderTimes(reports: Report[]) {
  return reports.map((report) => {
    for (let i = 0; i < RENDER_WARMUP; i++) renderReport(report);
    const times: number[] = [];
    let r = renderReport(report);
    for (let i = 0; i < RENDER_RUNS; i++) {
      const s = performance.now();
      r = renderReport(report);
      times.push(performance.now() - s);
    }
    return {
      role: report.role,
      medianMs: round(quantile(times, 0.5), 2),
      p95Ms: round(quantile(times, 0.95), 2),
      htmlBytes: Buffer.byteLength(r.html),
      textBytes: Buffer.byteLength(r.text),
    };
  });
}

/** The facts both runs collected, in a canonical order (Scan and Query return rows in different orders). */
async function canonicalFacts(snapshotPath: string): Promise<string> {
  const s = JSON.parse(await readFile(snapshotPath, "utf8"));
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !["asOf", "collectedAt", "durationMs"].includes(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  const revenue = s.datasets.revenue.value
    ? [...s.datasets.revenue.value.revenue].sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id))
    : s.datasets.revenue;
  return JSON.stringify(strip({ repos: s.repos, metrics: s.metrics, revenue }));
}

function actionBench(): Promise<unknown> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts/bench-action.ts"), "--runs", "3"],
      { cwd: ROOT, timeout: 300_000 },
      (err, stdout) => {
        const line = stdout
          .trim()
          .split("\n")
          .reverse()
          .find((l) => l.startsWith("{"));
        resolve(line ? JSON.parse(line) : { error: err?.message ?? "no output" });
      },
    );
  });
}

async function main(): Promise<number> {
  const counter = new RequestCounter();
  const creds = fakeCredentials();
  // DynamoDB, SES and GitHub run in a process of their own (scripts/bench/services.ts), as remote services do.
  const services = await startServices(latencyMs, creds, counter);
  const work = await mkdtemp(path.join(os.tmpdir(), "exec-bench-"));
  try {
    say(
      `exec-reports bench: ${latencyMs} ms per request, scale ${factor} (${scale.commits} commits, ${scale.items} DynamoDB items, ${scale.metricQueries} metric queries)`,
    );
    const dataDir = path.join(work, "data");
    const { inventory, repos } = await writeBenchData(dataDir, ROOT, scale);
    const seeded = await services.call("seedGitHub", repos, scale);
    const repoSummary = new Map(seeded.map((r) => [r.key, r]));
    const items = revenueItems(scale.items);
    const t0 = performance.now();
    const direct = new DynamoDBClient({ endpoint: services.dynamoDirect, region: LOCAL_REGION, credentials: creds });
    await createTable(direct, REVENUE_TABLE, { hash: "entity", range: "sk" });
    await seedRevenue(direct, items);
    const execRuns = Math.max(1, Number(values["exec-runs"]) || 1);
    await Promise.all([
      ...Array.from({ length: execRuns }, (_, k) => createTable(direct, `bench-audit-exec-${k}`)),
      createTable(direct, "bench-audit-naive"),
    ]);
    direct.destroy();
    say(`seeded ${repos.length} repositories, ${items.length} items in ${Math.round(performance.now() - t0)} ms`);

    const ddb = new DynamoDBClient({ endpoint: services.dynamoProxy, region: LOCAL_REGION, credentials: creds });
    const sesClient = createSesClient({ endpoint: services.sesProxy, region: LOCAL_REGION, credentials: creds });
    const cw = { regional: stubbedCloudWatch("us-west-2", lat, counter), usEast1: stubbedCloudWatch("us-east-1", lat, counter) };
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const env = { GITHUB_TOKEN: token, GITHUB_REPOSITORY: "bench-org/ops", GITHUB_API_URL: services.github } as Env;
    // GitHub asks for ≥ 1 s between writes; the stand-in has no secondary limit, so the bench measures the pipeline itself
    // and reports the production spacing separately.
    const tuning = { writeSpacingMs: Number(values["write-spacing"]) };
    const business = await loadDynamoDbConfig(dataDir);
    const now = () => NOW;

    const measure = async (
      name: string,
      outDir: string,
      go: () => Promise<RunResult[]>,
    ): Promise<RunMeasure & { results: RunResult[] }> => {
      counter.reset();
      const stop = sampleMemory();
      const s = performance.now();
      const elu = performance.eventLoopUtilization();
      const results = await go();
      const wallMs = Math.round(performance.now() - s);
      // The share of the wall time the run's thread was busy (the rest it waited: on the network, on timers).
      const busy = round(performance.eventLoopUtilization(elu).utilization, 3);
      await services.flush();
      const memory: MemoryPeak = stop();
      const requests = counter.snapshot();
      const roles = results.flatMap((r) => r.reports);
      const emails = await storedEmails(services.sesDirect);
      const raw = await services.call("rawMessages");
      say(
        `${name}: ${(wallMs / 1000).toFixed(2)} s, ${Object.entries(requests)
          .map(([k, v]) => `${k} ${v.total}`)
          .join(", ")}; ${roles.map((r) => `${r.role} ${r.status}`).join(", ")}`,
      );
      return {
        name,
        wallMs,
        busy,
        memory,
        requests,
        roles: roles.map((r) => {
          const sent = emails.find((e) => e.messageId === r.messageIds[0]);
          return {
            role: r.role,
            status: r.status,
            ...(r.error ? { error: r.error } : {}),
            messages: r.messageIds.length,
            cardsCreated: r.board?.created.length ?? 0,
            storedHtmlBytes: Buffer.byteLength(sent?.body.html ?? ""),
            mimeBytes: raw.find((m) => m.reportId === r.reportId)?.bytes ?? 0,
          };
        }),
        // Every bench audience sees every entity: any report's snapshot holds the run's facts.
        snapshot: await canonicalFacts(results.at(-1)!.reports.at(-1)!.files.snapshot),
        outDir,
        results,
      };
    };

    // Every audience of the bench data (one all-entity weekly audience per role) for the week.
    const runOpts = (outDir: string): RunOptions => ({
      dataDir,
      outDir,
      select: { period: PERIOD.label },
      force: false,
      dryRun: false,
      env: {} as Env,
      now,
    });

    // exec-reports: the edges production selects, pointed at the stand-ins. Each run is a first run (fresh board, SES store
    // and audit table); the median run is the one reported, as one run on a shared 2-core machine varies by ±5%.
    const execRun = async (k: number) => {
      await clearStoredEmails(services.sesDirect);
      await services.call("clearRawMessages");
      await services.call("resetBoard");
      const execOut = path.join(work, `out-exec-${k}`);
      const execLog = memoryLogger();
      const execCtx: SelectContext = { outDir: execOut, dataDir, env, log: execLog, now, auto: true, project: "bench-org/1" };
      const execEdges: Edges = {
        sources: [
          gitSource(await selectGit("github", execCtx, tuning)),
          metricsSource(new CloudWatchMetricsSource(cw.regional, cw.usEast1, "us-west-2")),
          datasetSource(new DynamoDbDatasetSource(ddb, business!.config), ["revenue"]),
        ],
        board: await selectBoard("github", execCtx, tuning),
        mailer: new SesMailer({ client: sesClient, log: execLog, maxSendRate: SEND_RATE, location: services.sesDirect }),
        audit: new DynamoDbAuditLog(ddb, `bench-audit-exec-${k}`, now, execLog),
        notifiers: [],
      };
      const start = performance.now();
      const m = await measure(`exec-reports (first run ${k + 1} of ${execRuns})`, execOut, async () => [
        await run(runOpts(execOut), execLog, execEdges),
      ]);
      const board = await services.call("board");
      return { m: { ...m, name: "exec-reports" }, start, trace: [...counter.trace], log: execLog, board };
    };
    const execs = [];
    for (let k = 0; k < execRuns; k++) execs.push(await execRun(k));
    const chosen = [...execs].sort((a, b) => a.m.wallMs - b.m.wallMs)[Math.floor((execs.length - 1) / 2)]!;
    const exec = { ...chosen.m, runsMs: execs.map((e) => e.m.wallMs) };
    const execStart = chosen.start;
    const execLog = chosen.log;
    // BENCH_TRACE=file: every request of the reported exec-reports run, ms after its start, service and operation.
    if (process.env.BENCH_TRACE)
      await writeFile(
        process.env.BENCH_TRACE,
        `${chosen.trace.map((x) => `${(x.t - execStart).toFixed(1)} ${x.service} ${x.op}`).join("\n")}\n`,
      );
    // Time from one GitHub write to the next: the serial chain the board walks; above the latency is client-side time.
    const githubTrace = chosen.trace.filter((x) => x.service === "github");
    const writeTimes = githubTrace.filter((x) => /^(POST|PATCH|PUT|DELETE) |^graphql mutation /.test(x.op)).map((x) => x.t);
    const writeIntervalMs = writeTimes.length > 1 ? round((writeTimes.at(-1)! - writeTimes[0]!) / (writeTimes.length - 1), 1) : 0;
    // First run at production spacing: the run without its write chain, plus that chain at GitHub's ≥ 1 s a write.
    const chainMs = writeTimes.length > 1 ? writeTimes.at(-1)! - writeTimes[0]! : 0;
    const productionMs = exec.wallMs - chainMs + Math.max(0, writeTimes.length - 1) * Math.max(PRODUCTION_SPACING_MS, latencyMs);
    const { labels: labelsCreated, issues: issuesCreated } = chosen.board;
    // The per-card design this replaced: labels, then per card an issue (3 s apart: it notifies), an item and a Status.
    const previousDesignMs =
      labelsCreated * PRODUCTION_SPACING_MS + issuesCreated * (3 * PRODUCTION_SPACING_MS + 2 * PRODUCTION_SPACING_MS);
    // The workload, for the lower bounds.
    const from = new Date(Date.parse(PERIOD.end) - LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
    const lastDay = `${new Date(Date.parse(PERIOD.end) - 1).toISOString().slice(0, 10)}\uffff`;
    const inWindow = items.filter((i) => String(i.sk) >= from && String(i.sk) <= lastDay);
    const mapped = business!.config.tables.map((t) => t.entity!);
    const specs = seriesFor(inventory);
    const scanned = repos.map((r) => {
      const files = repoSummary.get(r.key)!.files;
      const tracked = Object.keys(files);
      const candidates = [...new Set([...priorityFiles(tracked), ...tracked])].filter(
        (f) => isScanCandidate(f) && files[f]! <= MAX_SCAN_BYTES,
      );
      return new Set([...workflowFiles(tracked), ...candidates.slice(0, 300)]).size;
    });
    const bounds = lowerBounds({
      commits: repos.map((r) => repoSummary.get(r.key)!.commits),
      scanned,
      queryBytes: mapped.map((e) => inWindow.filter((i) => i.entity === e).reduce((a, i) => a + itemBytes(i), 0)),
      metricQueries: {
        regional: specs.filter((s) => !GLOBAL_NAMESPACES.has(s.namespace)).length,
        usEast1: specs.filter((s) => GLOBAL_NAMESPACES.has(s.namespace)).length,
      },
      roles: builtinRoles.ids.length,
      messagesPerRole: (
        await loadAudiences(dataDir, { roles: builtinRoles.ids, roleLabel: (r) => builtinRoles.label(r), portfolio: inventory.portfolio })
      ).map((a) => {
        const x = envelopeFor(a, inventory.portfolio, {} as Env);
        return Math.ceil((x.to.length + x.cc.length + x.bcc.length) / SES_MAX_RECIPIENTS);
      }),
      cards: issuesCreated,
      labels: labelsCreated,
      closed: 0,
      projectStatus: 1,
    });

    if (values["skip-naive"]) {
      const w = githubTrace.filter((x) => /^(POST|PATCH|PUT|DELETE) |^graphql mutation /.test(x.op));
      say(
        `bound ${((bounds.roundTrips.value * latencyMs) / 1000).toFixed(2)} s → ${(exec.wallMs / (bounds.roundTrips.value * latencyMs)).toFixed(3)}×; first GitHub write at ${((w[0]?.t ?? 0) - execStart).toFixed(0)} ms, last at ${((w.at(-1)?.t ?? 0) - execStart).toFixed(0)} ms after the start`,
      );
      const client = await measureClientOverhead();
      say(`${writeTimes.length} writes, one every ${writeIntervalMs} ms; thread busy ${Math.round((exec.busy ?? 0) * 100)}% of the run`);
      say(`client a POST with no latency: ${client.productionClientMs} ms (bare Octokit ${client.bareOctokitMs} ms)`);
      say("--skip-naive: no baseline run, no results written");
      return 0;
    }

    // The naive baseline, on a fresh board, SES store and audit table.
    await clearStoredEmails(services.sesDirect);
    await services.call("clearRawMessages");
    await services.call("resetBoard");
    const naiveOut = path.join(work, "out-naive");
    const naiveLog = memoryLogger();
    const naiveCtx: SelectContext = { outDir: naiveOut, dataDir, env, log: naiveLog, now, auto: true, project: "bench-org/1" };
    const naiveEdges: Edges = {
      sources: [
        gitSource(new NaiveGitSource(createGitHubClient({ token, baseUrl: services.github, log: naiveLog, ...tuning }))),
        metricsSource(new NaiveMetricsSource(cw.regional, cw.usEast1, "us-west-2")),
        datasetSource(naiveBusinessSource(ddb, PERIOD.end), ["revenue"]),
      ],
      board: await selectBoard("github", naiveCtx, tuning),
      mailer: new SesMailer({ client: sesClient, log: naiveLog, maxSendRate: SEND_RATE, location: services.sesDirect }),
      audit: new DynamoDbAuditLog(ddb, "bench-audit-naive", now, naiveLog),
      notifiers: [],
    };
    const naive = await measure("naive baseline", naiveOut, () => runNaive(runOpts(naiveOut), naiveLog, naiveEdges));

    const render = renderTimes(exec.results[0]!.reports.map((r) => r.report!).filter(Boolean));
    if (!values["skip-big"]) say("10 MB input: the sample and a 10 MB expenses.yaml, each run in a fresh process …");
    const bigInput = values["skip-big"] ? undefined : await bigInputBench();
    const action = values["skip-action"] ? undefined : await actionBench();
    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "?",
      },
      latencyMs,
      scale: factor,
      workload: {
        entities: inventory.portfolio.entities.length,
        repositories: repos.length,
        commitsInPeriod: scale.commits,
        dynamodbItems: items.length,
        dynamodbItemsInWindow: inWindow.length,
        metricQueries: specs.length,
        roles: builtinRoles.ids.length,
        cardsCreated: issuesCreated,
        labelsCreated,
        sendRate: SEND_RATE,
      },
      runs: { exec: strip(exec), naive: strip(naive) },
      diagnostics: {
        githubWriteIntervalMs: writeIntervalMs,
        githubWrites: writeTimes.length,
        client: await measureClientOverhead(),
        ...(writeTimes.length
          ? {
              firstWriteMs: Math.round(writeTimes[0]! - execStart),
              firstCardMs: Math.round((githubTrace.find((x) => x.op.endsWith("CreateCard"))?.t ?? writeTimes[0]!) - execStart),
              lastWriteMs: Math.round(writeTimes.at(-1)! - execStart),
            }
          : {}),
      },
      production: {
        spacingMs: PRODUCTION_SPACING_MS,
        firstRunMs: Math.round(productionMs),
        previousDesignBoardMs: previousDesignMs,
        statusUpdates: issuesCreated,
      },
      ...(bigInput ? { bigInput } : {}),
      sameFacts: exec.snapshot === naive.snapshot,
      bounds,
      render,
      action,
      limits: { emailBytes: EMAIL_LIMIT_BYTES, renderMs: RENDER_BUDGET_MS },
    };
    const md = markdownReport(results);
    await mkdir(values.out!, { recursive: true });
    await writeFile(path.join(values.out!, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(path.join(values.out!, "RESULTS.md"), md);
    say(`\n${md}`);
    const warnings = [...execLog.lines, ...naiveLog.lines].filter((l) => !l.startsWith("info:"));
    if (warnings.length) say(`log (${warnings.length} warning/error lines): ${warnings.slice(0, 10).join("\n  ")}`);
    return md.includes("| ✗ ") ? 1 : 0;
  } finally {
    await services.stop();
    if (values.keep) say(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

function strip(m: RunMeasure & { results: RunResult[] }): RunMeasure {
  const { results: _r, snapshot: _s, outDir: _o, ...rest } = m;
  return rest as RunMeasure;
}

process.exitCode = await main();
