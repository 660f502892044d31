/** The field types every data file shares: ids, dates, money and figures in a plausible range, emails. */
import { z } from "zod";
import { MAX_ID_CHARS, MAX_MONEY, MAX_QUANTITY } from "./limits.js";

// Finite numbers in a plausible range (decimal notation is checked on the YAML nodes, see
// yaml-inspect.ts), bounded ids. Limits live in limits.ts.
export const id = z
  .string()
  .max(MAX_ID_CHARS, `a lower-case id of at most ${MAX_ID_CHARS} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case id (letters, digits, dashes)");
export const date = z.iso.date("an ISO date YYYY-MM-DD");
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
export const MONEY_RANGE = `an amount in US dollars between −${MAX_MONEY.toLocaleString("en-US")} and ${MAX_MONEY.toLocaleString("en-US")}`;
export const money = z.number("a number (US dollars)").finite(MONEY_RANGE).min(-MAX_MONEY, MONEY_RANGE).max(MAX_MONEY, MONEY_RANGE);
export const nonNeg = z
  .number("a number")
  .finite("a finite number ≥ 0")
  .nonnegative("a number ≥ 0")
  .max(MAX_QUANTITY, `a plausible figure (at most ${MAX_QUANTITY.toLocaleString("en-US")})`);
export const pct = z.number("a percentage").finite("a percentage 0–100").min(0, "a percentage 0–100").max(100, "a percentage 0–100");
export const email = z.email("an email address such as ops@example.com");
export const count = z
  .number("a whole number")
  .int("a whole number")
  .nonnegative("a number ≥ 0")
  .max(MAX_QUANTITY, `a plausible count (at most ${MAX_QUANTITY.toLocaleString("en-US")})`);
