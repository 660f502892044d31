/**
 * SES (v1 API, as the mailer uses): sending enabled, the sender identity verified (address or domain), and
 * whether the account is in the sandbox, where only verified recipients receive mail.
 */
import {
  GetAccountSendingEnabledCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  type SESClient,
} from "@aws-sdk/client-ses";
import { awsFix, type CheckLine, fail, pass } from "./check.js";

type Ses = Pick<SESClient, "send">;

/** The sandbox's fixed quota: 200 messages a day at 1 a second (an account with production access has more). */
const SANDBOX = { max24: 200, rate: 1 };
const PER_CALL = 100;

/** Every check for one sender in one region; `recipients` are the configured addresses (for the sandbox check). */
export async function sesChecks(client: Ses, o: { region: string; sender: string; recipients: string[] }): Promise<CheckLine[]> {
  return [
    await sendingEnabled(client, o.region),
    await identity(client, o.region, o.sender),
    await sandbox(client, o.region, o.recipients),
  ];
}

async function sendingEnabled(client: Ses, region: string): Promise<CheckLine> {
  const what = `SES sending in ${region}`;
  try {
    const r = await client.send(new GetAccountSendingEnabledCommand({}));
    return r.Enabled
      ? pass(`${what}: enabled`)
      : fail(
          `${what}: paused for this account`,
          `see why in the SES console (Reputation metrics), fix it, then \`aws ses update-account-sending-enabled --enabled --region ${region}\``,
        );
  } catch (e) {
    return fail(what, awsFix(e, "ses:GetAccountSendingEnabled"));
  }
}

/** Verification status by identity (address or domain); identities SES has never heard of are absent. */
async function statuses(client: Ses, identities: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(identities.map((i) => i.toLowerCase()))];
  for (let i = 0; i < unique.length; i += PER_CALL) {
    const r = await client.send(new GetIdentityVerificationAttributesCommand({ Identities: unique.slice(i, i + PER_CALL) }));
    for (const [id, v] of Object.entries(r.VerificationAttributes ?? {})) out.set(id.toLowerCase(), v.VerificationStatus ?? "Unknown");
  }
  return out;
}

const domainOf = (address: string) => address.split("@")[1]?.toLowerCase() ?? "";
const verified = (s: Map<string, string>, address: string) =>
  s.get(address.toLowerCase()) === "Success" || s.get(domainOf(address)) === "Success";

async function identity(client: Ses, region: string, sender: string): Promise<CheckLine> {
  const what = `SES identity ${sender} in ${region}`;
  const domain = domainOf(sender);
  try {
    const s = await statuses(client, [sender, domain]);
    if (s.get(sender.toLowerCase()) === "Success") return pass(`${what}: address verified`);
    if (s.get(domain) === "Success") return pass(`${what}: domain ${domain} verified`);
    const state = [`address ${s.get(sender.toLowerCase()) ?? "not added"}`, `domain ${s.get(domain) ?? "not added"}`].join(", ");
    return fail(
      `${what} is not verified (${state})`,
      `verify the address (\`aws ses verify-email-identity --email-address ${sender} --region ${region}\`, then open the link SES emails) or the domain ${domain} (SES console → Identities → Create identity, then publish its DNS records); SES_SENDER_EMAIL must be that identity`,
    );
  } catch (e) {
    return fail(what, awsFix(e, "ses:GetIdentityVerificationAttributes"));
  }
}

async function sandbox(client: Ses, region: string, recipients: string[]): Promise<CheckLine> {
  const what = `SES account in ${region}`;
  try {
    const q = await client.send(new GetSendQuotaCommand({}));
    const max24 = q.Max24HourSend ?? 0;
    const rate = q.MaxSendRate ?? 0;
    if (max24 > SANDBOX.max24 || rate > SANDBOX.rate) return pass(`${what}: production access (${max24} messages a day, ${rate} a second)`);
    const s = await statuses(client, [...recipients, ...recipients.map(domainOf)]);
    const unverified = [...new Set(recipients.map((r) => r.toLowerCase()))].filter((r) => !verified(s, r));
    if (!unverified.length)
      return pass(
        `${what}: in the sandbox (${max24} a day, ${rate} a second); all ${recipients.length} recipient(s) are verified, so they receive mail`,
      );
    const shown = unverified.slice(0, 5).join(", ") + (unverified.length > 5 ? ` and ${unverified.length - 5} more` : "");
    return fail(
      `${what}: in the sandbox, and ${unverified.length} recipient(s) are not verified (${shown}): SES rejects mail to them`,
      `request production access (SES console → Account dashboard → Request production access), or verify each recipient: \`aws ses verify-email-identity --email-address ADDRESS --region ${region}\``,
    );
  } catch (e) {
    return fail(what, awsFix(e, "ses:GetSendQuota and ses:GetIdentityVerificationAttributes"));
  }
}
