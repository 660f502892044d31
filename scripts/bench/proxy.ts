/**
 * A latency-injecting HTTP proxy for the AWS emulators: every request is counted by operation, forwarded unchanged to the
 * emulator, and answered no sooner than `latencyMs` after it arrived (one simulated network round trip). The SDK's signing and retries stay real.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type CountSink, sleep } from "./counter.js";

export interface LatencyProxy {
  url: string;
  /** Each SES raw message seen (RawMessage.Data decoded): its X-Exec-Report-Id and size. */
  rawMessages: { reportId: string; bytes: number }[];
  stop(): Promise<void>;
}

/** The operation name: DynamoDB's X-Amz-Target, or the Action of a query-protocol form body (SES v1). */
function operation(req: http.IncomingMessage, body: Buffer): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  const action = new URLSearchParams(body.toString("utf8")).get("Action");
  return action ?? `${req.method} ${req.url?.split("?")[0]}`;
}

/** An injected answer instead of forwarding: e.g. SES Throttling or DynamoDB ProvisionedThroughputExceededException. */
export interface InjectedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** Decides per request whether to inject a fault; `op` as counted, `body` the raw request body. */
export type FaultHook = (op: string, body: Buffer, headers: http.IncomingHttpHeaders) => InjectedAnswer | undefined;

/** Starts a proxy to `target` on a free loopback port; `latencyMs()` is read per request so a run can change it. */
export async function startLatencyProxy(
  service: string,
  target: string,
  latencyMs: () => number,
  counter: CountSink,
  fault?: FaultHook,
): Promise<LatencyProxy> {
  const dest = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const rawMessages: { reportId: string; bytes: number }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const op = operation(req, body);
    counter.add(service, op);
    if (op === "SendRawEmail") {
      const data = new URLSearchParams(body.toString("utf8")).get("RawMessage.Data");
      if (data) {
        const raw = Buffer.from(data, "base64");
        const reportId = /^X-Exec-Report-Id: (.+)$/im.exec(raw.subarray(0, 4096).toString("utf8"))?.[1]?.trim() ?? "?";
        rawMessages.push({ reportId, bytes: raw.length });
      }
    }
    const injected = fault?.(op, body, req.headers);
    if (injected) {
      counter.add(service, `${op} (injected ${injected.status})`);
      await sleep(latencyMs());
      res.writeHead(injected.status, { ...injected.headers, "content-length": String(Buffer.byteLength(injected.body)) });
      res.end(injected.body);
      return;
    }
    // Forwarded at once and answered no sooner than `latency` after arrival: the emulator's own time hides inside the round trip.
    const wait = sleep(latencyMs());
    const fwd = http.request(
      { host: dest.hostname, port: dest.port, method: req.method, path: req.url, headers: req.headers, agent },
      async (up) => {
        const chunks: Buffer[] = [];
        for await (const c of up) chunks.push(c as Buffer);
        await wait;
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.end(Buffer.concat(chunks));
      },
    );
    fwd.on("error", (e) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${e.message}`);
    });
    fwd.end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rawMessages,
    stop: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
