/** A proposed chart of accounts, derived from the account kinds, revenue streams and expense categories in use. */

export interface LedgerAccount {
  code: string;
  name: string;
  type: "asset" | "liability" | "equity" | "revenue" | "expense";
  basis: string;
}

const slug = (s: string) => s.replace(/\s+/g, " ").trim();

/** Builds the chart: fixed balance-sheet accounts, then one revenue account per stream and one expense account per category. */
export function chartOfAccounts(input: {
  bankAccounts: string[];
  paymentAccounts: string[];
  streams: string[];
  categories: string[];
  hasDeposits: boolean;
}): LedgerAccount[] {
  const out: LedgerAccount[] = [];
  input.bankAccounts.forEach((a, i) =>
    out.push({ code: String(1010 + i * 10), name: `Cash — ${a}`, type: "asset", basis: "bank account in accounts.yaml" }),
  );
  input.paymentAccounts.forEach((a, i) =>
    out.push({ code: String(1200 + i * 10), name: `Clearing — ${a}`, type: "asset", basis: "payments account in accounts.yaml" }),
  );
  out.push({ code: "1500", name: "Fixed assets (vessels, vehicles, equipment)", type: "asset", basis: "assets.yaml" });
  out.push({ code: "2000", name: "Accounts payable", type: "liability", basis: "standard" });
  if (input.hasDeposits)
    out.push({ code: "2400", name: "Deferred revenue — customer deposits", type: "liability", basis: "deposit records in revenue.yaml" });
  out.push({ code: "3000", name: "Owners' equity", type: "equity", basis: "equity.yaml" });
  [...new Set(input.streams.map(slug))]
    .sort()
    .forEach((s, i) =>
      out.push({ code: String(4010 + i * 10), name: `Revenue — ${s}`, type: "revenue", basis: "revenue stream in revenue.yaml" }),
    );
  [...new Set(input.categories.map((c) => slug(c).toLowerCase()))]
    .filter((c) => c !== "uncategorized")
    .sort()
    .forEach((c, i) =>
      out.push({ code: String(6010 + i * 10), name: `Expense — ${c}`, type: "expense", basis: "expense category in expenses.yaml" }),
    );
  out.push({ code: "6999", name: "Suspense — uncategorised (clear monthly)", type: "expense", basis: "standard" });
  return out;
}
