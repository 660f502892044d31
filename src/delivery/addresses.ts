/** Address checks before anything is handed to SES: one invalid address makes SES reject the whole message. */
import { z } from "zod";

const emailSchema = z.email();

/** Addresses in `list` that are not plain email addresses. */
export function invalidAddresses(list: string[]): string[] {
  return list.filter((a) => !emailSchema.safeParse(a.trim()).success);
}

/** Case-insensitive de-duplication that keeps the first spelling and drops anything already in `exclude`. */
export function dedupeAddresses(list: string[], exclude: string[] = []): string[] {
  const seen = new Set(exclude.map((a) => a.trim().toLowerCase()));
  const out: string[] = [];
  for (const raw of list) {
    const a = raw.trim();
    const k = a.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(a);
    }
  }
  return out;
}
