/**
 * DynamoDB audit trail and KPI history, one table, string keys `pk` (HASH) and `sk` (RANGE).
 *
 * Key design: see dynamodb-table.ts (STATUS, LOG and KPI items).
 *
 * Claiming: a conditional put (`attribute_not_exists(pk)`) creates STATUS in `sending`. When it exists, a run may take it over only if
 * it is `failed`, `sent` with --force, or `sending` with a lapsed lease (claimedAt older than LEASE_MS: its holder stopped
 * renewing, or the holder ran on this machine and its process is gone), and only with a
 * conditional update on the attempt and claimedAt it read, so of many concurrent runs exactly one wins.
 */

import { randomUUID } from "node:crypto";
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Role } from "../config/schema.js";
import type { Logger } from "../shared/logger.js";
import { globalRedactor, type Redactor } from "../shared/redact.js";
import {
  type AuditEntry,
  type AuditLog,
  type Claim,
  type ClaimResult,
  carriedOver,
  type Delivered,
  isFresh,
  type KpiSnapshot,
  leaseExpiry,
} from "./audit-log.js";
import { type Holder, holderDead, self } from "./claim-file.js";
import { batchStatuses, explainAuditError, reportPk, STATUS_SK } from "./dynamodb-batch.js";
import { kpiPk, putKpis, queryKpiHistory } from "./dynamodb-kpis.js";

export { kpiPk, reportPk, STATUS_SK };

import { startHeartbeat } from "./lease.js";

interface StatusItem {
  pk: string;
  sk: string;
  reportId: string;
  status: "sending" | "sent" | "failed" | "rendered" | "held";
  attempt: number;
  claimedAt: string;
  claimToken: string;
  holder?: Holder;
  messageIds?: string[];
  deliveredTo?: string[];
  finishedAt?: string;
}

/** Outcomes that end an attempt and release (or, for sent, settle) its claim. */
const SETTLES = new Set(["sent", "failed", "rendered", "held"]);

const isConditionFailure = (e: unknown) =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === "ConditionalCheckFailedException";

export class DynamoDbAuditLog implements AuditLog {
  readonly name = "dynamodb";
  /** reportId → the token and attempt of the claim this process holds, so record() settles only its own claim. */
  private readonly held = new Map<string, { token: string; attempt: number }>();

  constructor(
    private readonly client: Pick<DynamoDBClient, "send">,
    readonly table: string,
    private readonly now: () => Date = () => new Date(),
    private readonly log?: Logger,
    private readonly redactor: Redactor = globalRedactor,
  ) {}

  async claim(c: Claim): Promise<ClaimResult> {
    const token = randomUUID();
    const claimedAt = this.now().toISOString();
    const base = {
      pk: reportPk(c.reportId),
      sk: STATUS_SK,
      reportId: c.reportId,
      role: c.role,
      period: c.period,
      scope: c.scope,
      startedAt: c.startedAt,
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({ ...base, status: "sending", attempt: 1, claimedAt, claimToken: token, forced: c.force, holder: self() }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      this.held.set(c.reportId, { token, attempt: 1 });
      return { claimed: true, attempt: 1 };
    } catch (e) {
      if (!isConditionFailure(e)) throw this.explain(e, "PutItem");
    }

    const readStatus = async () => {
      const got = await this.client.send(
        new GetItemCommand({ TableName: this.table, Key: marshall({ pk: base.pk, sk: STATUS_SK }), ConsistentRead: true }),
      );
      return got.Item ? (unmarshall(got.Item) as StatusItem) : undefined;
    };
    const cur = await readStatus();
    if (!cur) return { claimed: false, reason: "another run is creating the claim", messageIds: [] };
    // Our own put, applied but answered with an error the SDK retried.
    if (cur.claimToken === token) {
      this.held.set(c.reportId, { token, attempt: cur.attempt });
      return { claimed: true, attempt: cur.attempt };
    }
    if (cur.status === "sent" && !c.force) {
      return { claimed: false, reason: `already sent at ${cur.finishedAt ?? cur.claimedAt}`, messageIds: cur.messageIds ?? [] };
    }
    // Live: renewed within the lease (by a run on another machine, or one on this machine that is still there).
    if (cur.status === "sending" && isFresh(cur.claimedAt, this.now()) && !holderDead(cur.holder)) {
      return {
        claimed: false,
        reason: `another run holds the claim (renewed at ${cur.claimedAt})`,
        messageIds: [],
        leaseExpiresAt: leaseExpiry(cur.claimedAt),
      };
    }
    const attempt = cur.attempt + 1;
    const delivered = carriedOver(cur, c.force);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: base.pk, sk: STATUS_SK }),
          UpdateExpression: `SET #s = :sending, attempt = :next, claimedAt = :now, claimToken = :tok, forced = :forced, startedAt = :started, holder = :holder REMOVE snapshotSha256${delivered ? "" : ", deliveredTo, messageIds"}`,
          ConditionExpression: "attempt = :prev AND claimedAt = :prevAt AND #s = :prevStatus",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: marshall({
            ":sending": "sending",
            ":next": attempt,
            ":now": claimedAt,
            ":tok": token,
            ":forced": c.force,
            ":started": c.startedAt,
            ":holder": self(),
            ":prev": cur.attempt,
            ":prevAt": cur.claimedAt,
            ":prevStatus": cur.status,
          }),
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) {
        // Our own update, applied but answered with an error the SDK retried, or another run's.
        if ((await readStatus())?.claimToken !== token)
          return { claimed: false, reason: "another run claimed it at the same moment", messageIds: [] };
      } else throw this.explain(e, "UpdateItem");
    }
    if (cur.status === "sending")
      this.log?.warn(`audit: ${c.reportId}: took over a claim left in sending since ${cur.claimedAt} (attempt ${attempt})`);
    this.held.set(c.reportId, { token, attempt });
    if (delivered)
      this.log?.info(
        `audit: ${c.reportId}: attempt ${cur.attempt} reached ${delivered.to.length} recipient(s) (${delivered.messageIds.join(", ")}); attempt ${attempt} sends to the others only`,
      );
    return { claimed: true, attempt, ...(delivered ? { delivered } : {}) };
  }

  /** After the fan-in: the report's STATUS item points at its copy on the archive branch (path and commit). */
  async markArchived(reportId: string, archive: { path: string; commit: string }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: reportPk(reportId), sk: STATUS_SK }),
          UpdateExpression: "SET archive = :a",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: marshall({ ":a": archive }),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw this.explain(e, "UpdateItem");
    }
  }

  async progress(reportId: string, delivered: Delivered): Promise<boolean> {
    return this.touch(reportId, "SET deliveredTo = :to, messageIds = :ids, claimedAt = :now", {
      ":to": delivered.to,
      ":ids": delivered.messageIds,
    });
  }

  async renew(reportId: string): Promise<boolean> {
    return this.touch(reportId, "SET claimedAt = :now", {});
  }

  /** Renews the claim every `everyMs` until the returned function is called (see lease.ts). */
  heartbeat(reportId: string, everyMs?: number, onLost?: () => void, onRenewed?: () => void): () => Promise<void> {
    return startHeartbeat(this, reportId, {
      ...(everyMs ? { everyMs } : {}),
      ...(onLost ? { onLost } : {}),
      ...(onRenewed ? { onRenewed } : {}),
      onError: (e) => this.log?.warn(`audit: ${reportId}: the claim could not be renewed (${e instanceof Error ? e.message : String(e)})`),
    });
  }

  /** An update of STATUS conditioned on this instance's claim token, still in `sending`; false when the claim is gone. */
  private async touch(reportId: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    const mine = this.held.get(reportId);
    if (!mine) return false;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: reportPk(reportId), sk: STATUS_SK }),
          UpdateExpression: update,
          ConditionExpression: "claimToken = :tok AND #s = :sending",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: marshall({ ...values, ":now": this.now().toISOString(), ":tok": mine.token, ":sending": "sending" }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw this.explain(err, "UpdateItem");
    }
  }

  /**
   * The LOG item and the STATUS update go out together (one round trip on the path after the email): neither
   * depends on the other, and a status settled even when the log write fails keeps a later run from taking
   * over a claim whose email already went out.
   */
  async record(entry: AuditEntry): Promise<void> {
    const e = this.redactor.redactDeep(entry);
    const mine = this.held.get(e.reportId);
    const nonce = randomUUID().slice(0, 8);
    const log = this.client
      .send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(
            {
              pk: reportPk(e.reportId),
              sk: `LOG#${e.finishedAt}#${e.status}#${nonce}`,
              ...e,
              ...(mine && e.status !== "skipped" ? { attempt: mine.attempt } : {}),
            },
            { removeUndefinedValues: true },
          ),
        }),
      )
      .then(
        () => undefined,
        (err: unknown) => {
          throw this.explain(err, "PutItem");
        },
      );
    const settle = SETTLES.has(e.status) && mine ? this.settle(e, mine.token) : Promise.resolve();
    const [logged, settled] = await Promise.allSettled([log, settle]);
    if (logged.status === "rejected") throw logged.reason;
    if (settled.status === "rejected") throw settled.reason;
  }

  /** Writes the outcome onto STATUS, only while this run's claim token is still there. */
  private async settle(e: AuditEntry, token: string): Promise<void> {
    const fields: Record<string, unknown> = {
      ":status": e.status,
      ":ids": e.messageIds,
      ":rcpt": e.recipients,
      ":sha": e.snapshotSha256,
      ":tv": e.templateVersion,
      ":mailer": e.mailer,
      ":fin": e.finishedAt,
      ":dur": e.durationMs,
      ":tok": token,
      ":to": e.deliveredTo ?? [],
    };
    const set =
      "SET #s = :status, messageIds = :ids, recipients = :rcpt, snapshotSha256 = :sha, templateVersion = :tv, mailer = :mailer, finishedAt = :fin, durationMs = :dur, deliveredTo = :to";
    const errorPart = e.error ? ", #err = :err" : "";
    if (e.error) fields[":err"] = e.error;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: reportPk(e.reportId), sk: STATUS_SK }),
          UpdateExpression: `${set}${errorPart}${e.error ? "" : " REMOVE #err"}`,
          ConditionExpression: "claimToken = :tok",
          ExpressionAttributeNames: { "#s": "status", "#err": "error" },
          ExpressionAttributeValues: marshall(fields, { removeUndefinedValues: true, convertClassInstanceToMap: true }),
        }),
      );
      this.held.delete(e.reportId);
    } catch (err) {
      // Throwing here would turn a delivered report into a "failed" one; the LOG item holds the outcome.
      if (isConditionFailure(err))
        this.log?.warn(`audit: ${e.reportId}: the claim was taken over by another run; outcome ${e.status} kept in the log item only`);
      else throw this.explain(err, "UpdateItem");
    }
  }

  async statuses(reportIds: string[]): Promise<Map<string, string>> {
    return batchStatuses(this.client, this.table, reportIds, (e) => this.explain(e, "BatchGetItem"));
  }

  async lastKpis(role: Role, scope: string, upTo?: string): Promise<KpiSnapshot | null> {
    return (await this.kpiHistory(role, scope, upTo, 1))[0] ?? null;
  }

  async kpiHistory(role: Role, scope: string, upTo: string | undefined, limit: number): Promise<KpiSnapshot[]> {
    return queryKpiHistory(this.kpiKey(role, scope), upTo, limit);
  }

  async saveKpis(role: Role, scope: string, snap: KpiSnapshot): Promise<void> {
    await putKpis(this.kpiKey(role, scope), snap);
  }

  private kpiKey(role: Role, scope: string) {
    return { client: this.client, table: this.table, role, scope };
  }

  private explain = (e: unknown, action: string) => explainAuditError(this.table, e, action);
}
