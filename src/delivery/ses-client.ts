/** The SES client the mailer is built for: one attempt per call and bounded timeouts. */
import { SESClient, type SESClientConfig } from "@aws-sdk/client-ses";

/** No TCP connection within this: nothing was sent, so the mailer may retry. */
export const SES_CONNECTION_TIMEOUT_MS = 5_000;
/** No answer within this after the request left: the outcome is unknown and the send is not retried. */
export const SES_REQUEST_TIMEOUT_MS = 30_000;

/**
 * One retry layer, ours: the SDK's standard strategy retries timeouts and connection resets, which for
 * SendRawEmail can deliver the same message twice, and it stacks under our retry (3 × 6 = 18 sends). Our retry
 * (SesMailer) paces to the account's rate, tells the daily quota from the per-second rate, logs every attempt and
 * never retries a send whose outcome is unknown. So the SDK makes exactly one attempt per call.
 */
export function createSesClient(config: SESClientConfig = {}): SESClient {
  return new SESClient({
    ...config,
    maxAttempts: 1,
    requestHandler: config.requestHandler ?? {
      connectionTimeout: SES_CONNECTION_TIMEOUT_MS,
      requestTimeout: SES_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

/** The attempts an SDK client makes per call, when it is a real client; undefined for a test double. */
export async function sdkAttempts(client: unknown): Promise<number | undefined> {
  const provider = (client as { config?: { maxAttempts?: unknown } }).config?.maxAttempts;
  if (typeof provider === "function") return Number(await provider());
  return typeof provider === "number" ? provider : undefined;
}
