/** A loopback HTTP receiver for webhook tests: records every request, answers with a chosen status. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Receiver {
  url(p: string): string;
  received: Received[];
  status: number;
  /** Statuses for the next requests, in order, before `status` applies again (429s carry Retry-After: 0). */
  queue: number[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const state = { status: 200 };
  const queue: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = queue.shift() ?? state.status;
      res
        .writeHead(status, { "content-type": "text/plain", ...(status === 429 ? { "retry-after": "0" } : {}) })
        .end(status === 200 ? "ok" : status === 429 ? "rate_limited" : "invalid_payload");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    received,
    queue,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
