/** File contents by blob id, many per GraphQL query, instead of one REST contents request per file. */
import type { GitHubClient } from "../../github/client.js";

export interface BlobRef {
  path: string;
  sha: string;
  size: number;
}

interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
}

export interface BlobBatchOptions {
  /** Blobs per query. */
  perQuery?: number;
  /** Bytes per query, so one response stays small. */
  bytesPerQuery?: number;
}

/** Text of each blob (binary or truncated ones are left out), keyed by path. */
export async function readBlobs(
  client: GitHubClient,
  owner: string,
  name: string,
  blobs: BlobRef[],
  opts: BlobBatchOptions = {},
): Promise<Map<string, string>> {
  const perQuery = opts.perQuery ?? 50;
  const bytesPerQuery = opts.bytesPerQuery ?? 2 * 1024 * 1024;
  const out = new Map<string, string>();
  const batches: BlobRef[][] = [];
  let cur: BlobRef[] = [];
  let bytes = 0;
  for (const b of blobs) {
    if (cur.length && (cur.length >= perQuery || bytes + b.size > bytesPerQuery)) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(b);
    bytes += b.size;
  }
  if (cur.length) batches.push(cur);
  for (const batch of batches) {
    const vars = ["$owner: String!", "$name: String!", ...batch.map((_, i) => `$x${i}: GitObjectID!`)];
    const fields = batch.map((_, i) => `f${i}: object(oid: $x${i}) { ... on Blob { text isBinary isTruncated } }`);
    const query = `query RepoBlobs(${vars.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n    ${fields.join("\n    ")}\n  }\n}`;
    const variables: Record<string, string> = { owner, name };
    batch.forEach((b, i) => (variables[`x${i}`] = b.sha));
    const data = await client.graphql<{ repository: Record<string, BlobNode | null> | null }>(query, variables);
    batch.forEach((b, i) => {
      const node = data.repository?.[`f${i}`];
      if (node && node.text !== null && !node.isBinary && !node.isTruncated) out.set(b.path, node.text);
    });
  }
  return out;
}
