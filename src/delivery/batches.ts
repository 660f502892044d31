/** Splits a message's recipients into SES-sized batches: at most 50 destinations each. */

export const SES_MAX_RECIPIENTS = 50;

export interface Batch {
  /** The Cc header (the first batch only; later batches repeat it so every copy reads the same). */
  ccHeader: string[];
  /** The To header of this message (what every recipient sees). */
  toHeader: string[];
  /** The Bcc header kept in the raw message; SES removes it before delivery. */
  bccHeader: string[];
  /** Envelope recipients: who this message is actually delivered to. */
  destinations: string[];
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * The first batch carries every To address (up to 50) and fills up with Bcc; later batches are Bcc-only
 * and repeat the same To header, so each recipient sees the same message but is delivered exactly once.
 */
export function planBatches(to: string[], bcc: string[], max = SES_MAX_RECIPIENTS, cc: string[] = []): Batch[] {
  // Cc addresses travel with the To addresses: visible to everyone, delivered in the first message(s).
  const visible = chunk([...to.map((a) => ({ a, cc: false })), ...cc.map((a) => ({ a, cc: true }))], max);
  const toChunks = visible.map((c) => c.filter((x) => !x.cc).map((x) => x.a));
  const batches: Batch[] = visible.map((c) => ({
    toHeader: c.filter((x) => !x.cc).map((x) => x.a),
    ccHeader: c.filter((x) => x.cc).map((x) => x.a),
    destinations: c.map((x) => x.a),
    bccHeader: [],
  }));
  let rest = [...bcc];
  if (batches.length > 0) {
    const last = batches[batches.length - 1]!;
    const room = max - last.destinations.length;
    last.bccHeader = rest.slice(0, room);
    last.destinations.push(...last.bccHeader);
    rest = rest.slice(room);
  }
  const sharedTo = toChunks[0] ?? [];
  const sharedCc = batches[0]?.ccHeader ?? [];
  for (const c of chunk(rest, max)) batches.push({ toHeader: sharedTo, ccHeader: sharedCc, bccHeader: c, destinations: c });
  return batches;
}
