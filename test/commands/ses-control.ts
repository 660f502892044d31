/**
 * aws-ses-v2-local implements sending only; this loopback stand-in in front of it answers SES's v1 account and
 * identity reads (GetAccountSendingEnabled, GetSendQuota, GetIdentityVerificationAttributes) from planted state in
 * SES's own XML, and forwards everything else to the emulator. The SDK parses real wire answers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SesAccountState {
  sendingEnabled: boolean;
  quota: { max24: number; rate: number; sent: number };
  /** Identity (address or domain) → VerificationStatus; absent identities were never added. */
  identities: Record<string, "Success" | "Pending" | "Failed" | "TemporaryFailure">;
  /** Answer AccessDenied to these actions. */
  denied?: string[];
}

const NS = "http://ses.amazonaws.com/doc/2010-12-01/";
const wrap = (action: string, result: string) =>
  `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`;

function answer(action: string, form: URLSearchParams, s: SesAccountState): [number, string] | undefined {
  if (s.denied?.includes(action))
    return [
      403,
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform ses:${action}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`,
    ];
  if (action === "GetAccountSendingEnabled") return [200, wrap(action, `<Enabled>${s.sendingEnabled}</Enabled>`)];
  if (action === "GetSendQuota")
    return [
      200,
      wrap(
        action,
        `<SentLast24Hours>${s.quota.sent}</SentLast24Hours><Max24HourSend>${s.quota.max24}</Max24HourSend><MaxSendRate>${s.quota.rate}</MaxSendRate>`,
      ),
    ];
  if (action === "GetIdentityVerificationAttributes") {
    const asked = [...form.entries()].filter(([k]) => k.startsWith("Identities.member.")).map(([, v]) => v);
    const entries = asked
      .filter((id) => s.identities[id])
      .map((id) => `<entry><key>${id}</key><value><VerificationStatus>${s.identities[id]}</VerificationStatus></value></entry>`)
      .join("");
    return [200, wrap(action, `<VerificationAttributes>${entries}</VerificationAttributes>`)];
  }
  return undefined;
}

/** Starts the stand-in in front of `emulator`; `state` is read on every request, so a test may change it. */
export async function startSesControl(emulator: string, state: () => SesAccountState): Promise<{ url: string; stop(): Promise<void> }> {
  const dest = new URL(emulator);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const form = new URLSearchParams(body.toString("utf8"));
    const planted = answer(form.get("Action") ?? "", form, state());
    if (planted) {
      res.writeHead(planted[0], { "content-type": "text/xml" });
      return void res.end(planted[1]);
    }
    const up = http.request({ host: dest.hostname, port: dest.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    up.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
