/** DynamoDB business data: table items become rows of data/ lists; Query by key and date range, paginated Scan otherwise. */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { DATA_FILES, type DataFile } from "../../config/schema.js";
import { formatPath } from "../../config/yaml-file.js";
import { describeError } from "../../shared/retry.js";
import { type DatasetName, type Fact, missing, present } from "../snapshot.js";
import type { DynamoDbConfig, TableMapping } from "./dynamodb-config.js";
import type { CollectContext, DatasetSource } from "./source.js";

const DAY_MS = 86_400_000;

export interface TableRead {
  rows: Record<string, unknown>[];
  pages: number;
  mode: "Query" | "Scan";
}

/** Reads every page of one mapped table (LastEvaluatedKey followed until DynamoDB stops returning it). */
export async function readTable(client: Pick<DynamoDBClient, "send">, t: TableMapping, periodEnd: string): Promise<TableRead> {
  const rows: Record<string, unknown>[] = [];
  let pages = 0;
  let start: Record<string, unknown> | undefined;
  const q = t.query;
  do {
    let out;
    if (q) {
      const end = new Date(periodEnd);
      const from = new Date(end.getTime() - q.lookbackDays * DAY_MS).toISOString().slice(0, 10);
      const lastDay = new Date(end.getTime() - 1).toISOString().slice(0, 10);
      const input: QueryCommandInput = {
        TableName: t.table,
        ...(q.index ? { IndexName: q.index } : {}),
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
        ExpressionAttributeNames: { "#pk": q.partitionKey, "#sk": q.sortKey },
        // "\uffff" after the last day keeps date-times of that day ("2026-11-29T…") inside the range.
        ExpressionAttributeValues: {
          ":pk": { S: q.partitionValue ?? t.entity ?? "" },
          ":from": { S: from },
          ":to": { S: `${lastDay}\uffff` },
        },
        ...(start ? { ExclusiveStartKey: start as QueryCommandInput["ExclusiveStartKey"] } : {}),
      };
      out = await client.send(new QueryCommand(input));
    } else {
      const input: ScanCommandInput = {
        TableName: t.table,
        ...(start ? { ExclusiveStartKey: start as ScanCommandInput["ExclusiveStartKey"] } : {}),
      };
      out = await client.send(new ScanCommand(input));
    }
    pages++;
    for (const item of out.Items ?? []) rows.push(toRow(unmarshall(item), t));
    start = out.LastEvaluatedKey;
  } while (start);
  return { rows, pages, mode: q ? "Query" : "Scan" };
}

function toRow(item: Record<string, unknown>, t: TableMapping): Record<string, unknown> {
  const row: Record<string, unknown> = { ...item };
  for (const [field, attrName] of Object.entries(t.fields)) {
    row[field] = item[attrName];
    if (attrName !== field) delete row[attrName];
  }
  for (const a of t.omit) if (!(a in t.fields)) delete row[a];
  if (t.entity && row.entity === undefined && "entity" in elementShape(t)) row.entity = t.entity;
  return row;
}

function elementShape(t: TableMapping): Record<string, unknown> {
  const list = (DATA_FILES[t.dataset] as unknown as { shape: Record<string, { element?: { shape?: Record<string, unknown> } }> }).shape[
    t.list
  ];
  return list?.element?.shape ?? {};
}

export class DynamoDbDatasetSource implements DatasetSource {
  readonly name = "dynamodb";
  constructor(
    private readonly client: Pick<DynamoDBClient, "send">,
    private readonly config: DynamoDbConfig,
  ) {}

  async datasets(ctx: CollectContext): Promise<Partial<Record<DatasetName, Fact<unknown>>>> {
    const reads = await Promise.all(
      this.config.tables.map(async (t) => {
        try {
          const r = await readTable(this.client, t, ctx.period.end);
          ctx.log.info(`dynamodb: ${t.table}: ${r.rows.length} items in ${r.pages} page(s) by ${r.mode} → ${t.dataset}.${t.list}`);
          return { t, ok: true as const, r };
        } catch (e) {
          return { t, ok: false as const, error: describeError(e) };
        }
      }),
    );
    const out: Partial<Record<DatasetName, Fact<unknown>>> = {};
    const byDataset = new Map<DataFile, typeof reads>();
    for (const r of reads) byDataset.set(r.t.dataset, [...(byDataset.get(r.t.dataset) ?? []), r]);
    const asOf = ctx.now().toISOString();
    for (const [dataset, rs] of byDataset) {
      const source = `dynamodb:${[...new Set(rs.map((r) => r.t.table))].join(",")}`;
      const failed = rs.filter((r) => !r.ok);
      if (failed.length) {
        out[dataset] = missing(failed.map((f) => `table ${f.t.table}: ${!f.ok ? f.error : ""}`).join("; "), source);
        continue;
      }
      const value: Record<string, unknown> = { ...(ctx.inventory[dataset] as Record<string, unknown>) };
      for (const r of rs) if (r.ok) value[r.t.list] = [];
      for (const r of rs) if (r.ok) (value[r.t.list] as unknown[]).push(...r.r.rows);
      const parsed = DATA_FILES[dataset].safeParse(value);
      if (parsed.success) out[dataset] = present(parsed.data, source, asOf);
      else {
        const first = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${formatPath(i.path.filter((p): p is string | number => typeof p !== "symbol"))}: ${i.message}`);
        out[dataset] = missing(
          `items do not match ${dataset}.yaml: ${first.join("; ")}${parsed.error.issues.length > 3 ? ` (+${parsed.error.issues.length - 3} more)` : ""}`,
          source,
        );
      }
    }
    return out;
  }
}
