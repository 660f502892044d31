/** data/dynamodb.yaml (optional): which business lists come from DynamoDB tables instead of the files beside it. */
import path from "node:path";
import { z } from "zod";
import { readDataFile } from "../../config/read-file.js";
import { DATA_FILES, type DataFile } from "../../config/schema.js";
import { parseYamlFile } from "../../config/yaml-file.js";
import { ConfigError } from "../../shared/errors.js";

export const DYNAMODB_CONFIG_FILE = "dynamodb.yaml";

const attr = z.string().regex(/^[A-Za-z0-9_.-]+$/, "a DynamoDB attribute name");
const datasetNames = Object.keys(DATA_FILES) as [DataFile, ...DataFile[]];

const tableMapping = z.strictObject({
  table: z.string().regex(/^[\w.-]{3,255}$/, "a DynamoDB table name"),
  dataset: z.enum(datasetNames),
  /** The array inside the dataset that the items become, e.g. `revenue` in revenue.yaml. */
  list: z.string().min(1),
  /** Fills `entity` on items that have none; the default partition value for a Query. */
  entity: z.string().optional(),
  /** Query by partition key and sort-key date range; without it the table is Scanned. */
  query: z
    .strictObject({
      index: z.string().optional(),
      partitionKey: attr,
      partitionValue: z.string().optional(),
      sortKey: attr,
      lookbackDays: z.number().int().positive().default(400),
    })
    .optional(),
  /** Row field → item attribute, for tables whose attributes are named differently. */
  fields: z.record(z.string(), attr).default({}),
  /** Attributes dropped before validation (key attributes the dataset schema does not know). */
  omit: z.array(attr).default(["pk", "sk"]),
});

export const dynamoDbConfigSchema = z.strictObject({ tables: z.array(tableMapping).min(1, "at least one table mapping") });
export type DynamoDbConfig = z.output<typeof dynamoDbConfigSchema>;
export type TableMapping = DynamoDbConfig["tables"][number];

/** Reads DIR/dynamodb.yaml; null when there is none. Throws a ConfigError with file:line for a bad file. */
export async function loadDynamoDbConfig(dir: string): Promise<{ file: string; config: DynamoDbConfig } | null> {
  const file = path.join(dir, DYNAMODB_CONFIG_FILE);
  // Read like every data file: a FIFO, an oversized file or a non-UTF-8 file is refused with its line.
  const read = await readDataFile(file, dir);
  if (!read.ok) {
    if (read.absent) return null;
    throw new ConfigError([read.issue]);
  }
  const r = parseYamlFile(file, read.text, dynamoDbConfigSchema);
  if (!r.ok) throw new ConfigError(r.issues);
  const issues: string[] = [];
  r.file.value.tables.forEach((t, i) => {
    const shape = (DATA_FILES[t.dataset] as unknown as { shape: Record<string, unknown> }).shape;
    if (!(t.list in shape))
      issues.push(
        `${file}:${r.file.lineOf(["tables", i, "list"])} tables[${i}].list: "${t.list}" — expected one of ${Object.keys(shape).join(", ")} (the lists in ${t.dataset}.yaml)`,
      );
  });
  if (issues.length) throw new ConfigError(issues);
  return { file, config: r.file.value };
}
