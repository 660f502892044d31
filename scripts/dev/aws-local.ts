/** Local AWS for tests and the demo: dynalite (DynamoDB) and aws-ses-v2-local (SES) on free loopback ports, with throwaway credentials. */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type KeySchemaElement,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { SESClient } from "@aws-sdk/client-ses";
import * as sesLocal from "aws-ses-v2-local";
import dynalite from "dynalite";
import { createSesClient } from "../../src/delivery/ses-client.js";

export const LOCAL_REGION = "us-east-1";

/** Random fake credentials, made fresh for each process: nothing here is a real key. */
export function fakeCredentials() {
  return { accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`, secretAccessKey: randomBytes(20).toString("base64") };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a table with string keys (pk, and sk unless `hashOnly`) and waits until it is active. */
  createTable(name: string, keys?: { hash: string; range?: string }): Promise<void>;
  stop(): Promise<void>;
}

/** Creates a table with string keys (pk, and sk unless `hashOnly`) and waits until it is active. */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  keys: { hash: string; range?: string } = { hash: "pk", range: "sk" },
): Promise<void> {
  const attrs: AttributeDefinition[] = [{ AttributeName: keys.hash, AttributeType: "S" }];
  const schema: KeySchemaElement[] = [{ AttributeName: keys.hash, KeyType: "HASH" }];
  if (keys.range) {
    attrs.push({ AttributeName: keys.range, AttributeType: "S" });
    schema.push({ AttributeName: keys.range, KeyType: "RANGE" });
  }
  await client.send(
    new CreateTableCommand({ TableName: name, AttributeDefinitions: attrs, KeySchema: schema, BillingMode: "PAY_PER_REQUEST" }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05 as number, maxDelay: 0.2 as number }, { TableName: name });
}

/** Every message an aws-ses-v2-local server at `endpoint` accepted, oldest first. */
export async function storedEmails(endpoint: string): Promise<StoredEmail[]> {
  const res = await fetch(`${endpoint}/store`);
  if (!res.ok) throw new Error(`GET ${endpoint}/store answered ${res.status}`);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}

export async function clearStoredEmails(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/clear-store`, { method: "POST" });
}

/** In-memory dynalite on a free loopback port. */
export async function startDynamo(credentials = fakeCredentials()): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials });
  return {
    endpoint,
    client,
    createTable: (name, keys) => createTable(client, name, keys),
    async stop() {
      client.destroy();
      await close(server);
    },
  };
}

/** One message as aws-ses-v2-local stores it (GET /store). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export interface LocalSes {
  endpoint: string;
  client: SESClient;
  /** Every message the server accepted, oldest first. */
  emails(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

type SesServerFactory = (config?: { host?: string; port?: number }) => Promise<Server>;

/** aws-ses-v2-local on a free loopback port; its web viewer is at the endpoint URL. */
export async function startSes(credentials = fakeCredentials()): Promise<LocalSes> {
  const mod = sesLocal as unknown as { default: SesServerFactory | { default: SesServerFactory } };
  const factory = typeof mod.default === "function" ? mod.default : mod.default.default;
  const server = await factory({ host: "127.0.0.1", port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createSesClient({ endpoint, region: LOCAL_REGION, credentials });
  // A sent message carries no Bcc header (SES delivers to the request's Destinations); the emulator reads headers
  // only, so the envelope of each accepted message is recorded here and its Bcc recipients put back in `emails()`.
  const envelopes = new Map<string, string[]>();
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const input = args.input as { Destinations?: string[]; RawMessage?: unknown };
      const id = (out.output as { MessageId?: string }).MessageId;
      if (input.RawMessage && input.Destinations && id) envelopes.set(id, input.Destinations);
      return out;
    },
    { step: "initialize", name: "recordEnvelope" },
  );
  return {
    endpoint,
    client,
    emails: async () =>
      (await storedEmails(endpoint)).map((e) => {
        const envelope = envelopes.get(e.messageId);
        if (!envelope) return e;
        const seen = new Set([...e.destination.to, ...e.destination.cc].flatMap((x) => x.split(/,\s*/)).map((x) => x.toLowerCase()));
        const bcc = envelope.filter((x) => !seen.has(x.toLowerCase()));
        return { ...e, destination: { ...e.destination, bcc: bcc.length ? [bcc.join(", ")] : [] } };
      }),
    clear: () => clearStoredEmails(endpoint),
    async stop() {
      client.destroy();
      await close(server);
    },
  };
}
