/**
 * One run of the pipeline in a process of its own, for the kill drill (kill-drill.test.ts): it SIGKILLs itself at the
 * kill point it is given. Its mailer appends every message to a log outside --out (one line per message and
 * recipient) and records progress after every message, the last one included, before it returns.
 * Usage: node --import tsx drill-child.ts '<json config>'
 */
import { appendFileSync, closeSync, fsyncSync, openSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AuditLog } from "../../src/audit/audit-log.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { FileAuditLog } from "../../src/audit/file.js";
import { claimWithWait } from "../../src/audit/lease.js";
import { FileMetricsSource } from "../../src/collect/sources/metrics-file.js";
import { gitSource, metricsSource } from "../../src/collect/sources/registry.js";
import type { Mailer } from "../../src/delivery/mailer.js";
import { run } from "../../src/pipeline/run.js";
import { consoleLogger } from "../../src/shared/logger.js";
import { offlineEdges } from "../../src/wiring/edges.js";

export type KillPoint = "before-claim" | "after-claim" | "between-messages" | "after-send";
export interface DrillConfig {
  dataDir: string;
  outDir: string;
  sentLog: string;
  kill?: KillPoint;
  dynamo?: { endpoint: string; table: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}

const cfg = JSON.parse(process.argv[2]!) as DrillConfig;
const die = (): never => {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};
const log = consoleLogger({ quiet: true });

const inner: AuditLog = cfg.dynamo
  ? new DynamoDbAuditLog(
      new DynamoDBClient({ endpoint: cfg.dynamo.endpoint, region: cfg.dynamo.region, credentials: cfg.dynamo.credentials }),
      cfg.dynamo.table,
    )
  : new FileAuditLog(cfg.outDir);

// The pipeline as the lead wires it: claims wait out a lapsing lease (claimWithWait).
const audit: AuditLog = Object.assign(Object.create(inner) as AuditLog, {
  claim: async (c: Parameters<AuditLog["claim"]>[0]) => {
    if (cfg.kill === "before-claim") die();
    const r = await claimWithWait(inner, c, { log });
    if (cfg.kill === "after-claim" && r.claimed) die();
    return r;
  },
  record: async (e: Parameters<AuditLog["record"]>[0]) => {
    // Reports send in parallel: the kill waits its turn on the mail line, so no other report's message is between
    // SES accepting it and its progress being written (the one window no audit can close) when the process dies.
    if (cfg.kill === "after-send" && e.status === "sent") await serial(async () => die());
    return inner.record(e);
  },
});

// Messages go out one at a time, each with its progress recorded before the next starts: every kill point is then a
// clean boundary (a kill between SES accepting a message and its progress being written is the one window no audit
// can close).
let line: Promise<unknown> = Promise.resolve();
const serial = <T>(f: () => Promise<T>): Promise<T> => {
  const next = line.then(f);
  line = next.catch(() => undefined);
  return next;
};

// It delivers (as SES does): a report it accepted is `sent`, and a later run never sends it again.
const mailer: Mailer = {
  name: "drill",
  delivers: true,
  send: (email, opts) => serial(() => sendOne(email, opts)),
};

async function sendOne(email: Parameters<Mailer["send"]>[0], opts: Parameters<Mailer["send"]>[1]) {
  {
    const skip = new Set((opts?.skip ?? []).map((a) => a.toLowerCase()));
    const ids: string[] = [];
    const to: string[] = [];
    for (const r of [...email.to, ...email.bcc].filter((a) => !skip.has(a.toLowerCase()))) {
      const fd = openSync(cfg.sentLog, "a");
      appendFileSync(fd, `${email.reportId} ${r}\n`);
      fsyncSync(fd);
      closeSync(fd);
      ids.push(`<${email.reportId}.${r}@drill>`);
      to.push(r);
      await opts?.onProgress?.({ messageIds: [...ids], to: [...to] });
      if (cfg.kill === "between-messages") die();
    }
    return { messageIds: ids };
  }
}

const now = () => new Date("2026-11-25T12:00:00Z");
const result = await run(
  {
    dataDir: cfg.dataDir,
    outDir: cfg.outDir,
    // The corpus fixture's audiences: one weekly all-entity audience per role, named after it.
    select: { audiences: ["ceo", "cto", "cfo", "cmo", "accounting"], period: "2026-W48" },
    force: false,
    dryRun: false,
    env: {},
    now,
    // Claims and their leases run on the real clock, as the CLI's do.
    wall: () => new Date(),
  },
  log,
  {
    ...offlineEdges(cfg.outDir, now),
    sources: [gitSource({ name: "git-none", repos: async () => ({}) }), metricsSource(new FileMetricsSource())],
    audit,
    mailer,
  },
);
process.stdout.write(`${JSON.stringify(result.reports.map((r) => [r.reportId, r.status, r.error ?? ""]))}\n`);
process.exitCode = result.ok ? 0 : 1;
