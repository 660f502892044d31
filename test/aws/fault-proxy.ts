/**
 * A loopback HTTP proxy in front of an AWS emulator that injects faults at the wire, below the SDK: the SDK's
 * own retry layer (if any) sees them exactly as it would see a real network or service fault. Requests are counted
 * by operation as they arrive, so a test reads how many sends really left the client.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * - throttle / internal: SES answers 400 Throttling / 500 InternalFailure without forwarding (nothing sent);
 * - hang: forwarded (the emulator stores the message) and never answered, so the client's request timeout fires;
 * - reset: forwarded, then the connection is destroyed before any answer;
 * - gateway-timeout: forwarded, then a 504 from "a gateway" that does not know the outcome;
 * - pass: forwarded and answered normally (to place a fault on a later request);
 * - ddb-throttle: DynamoDB's ProvisionedThroughputExceededException (JSON protocol), not forwarded.
 */
export type Fault = "pass" | "throttle" | "internal" | "hang" | "reset" | "gateway-timeout" | "ddb-throttle";

export interface FaultProxy {
  url: string;
  /** Requests seen, by operation (the form body's Action, or DynamoDB's X-Amz-Target). */
  counts: Map<string, number>;
  /** Faults to apply, in order, to the next requests of `op`. */
  inject(op: string, ...faults: Fault[]): void;
  /** Drops every fault still queued. */
  reset(): void;
  stop(): Promise<void>;
}

function operation(req: http.IncomingMessage, body: Buffer): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  return new URLSearchParams(body.toString("utf8")).get("Action") ?? `${req.method} ${req.url}`;
}

function sesError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${status < 500 ? "Sender" : "Receiver"}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Starts the proxy to `target` (e.g. aws-ses-v2-local's endpoint) on a free loopback port. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const dest = new URL(target);
  const counts = new Map<string, number>();
  const queued = new Map<string, Fault[]>();
  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const up = http.request(
        { host: dest.hostname, port: dest.port, method: req.method, path: req.url, headers: req.headers },
        async (r) => {
          const chunks: Buffer[] = [];
          for await (const c of r) chunks.push(c as Buffer);
          resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) });
        },
      );
      up.on("error", reject);
      up.end(body);
    });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const op = operation(req, body);
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const fault = queued.get(op)?.shift();
    if (fault === "throttle") return sesError(res, 400, "Throttling", "Maximum sending rate exceeded.");
    if (fault === "internal") return sesError(res, 500, "InternalFailure", "An internal failure occurred.");
    if (fault === "ddb-throttle") {
      const b = JSON.stringify({
        __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        message: "The level of configured provisioned throughput for the table was exceeded.",
      });
      res.writeHead(400, { "content-type": "application/x-amz-json-1.0", "content-length": String(Buffer.byteLength(b)) });
      return void res.end(b);
    }
    const answer = await forward(req, body);
    if (fault === "hang") return;
    if (fault === "reset") return void req.socket.destroy();
    if (fault === "gateway-timeout") {
      res.writeHead(504, { "content-type": "text/html" });
      return void res.end("<html><body>504 Gateway Time-out</body></html>");
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    inject: (op, ...faults) => queued.set(op, [...(queued.get(op) ?? []), ...faults]),
    reset: () => queued.clear(),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
