/** zod schemas for every file in data/; the Inventory type is what the sources hand to the analysis. */
import { z } from "zod";
import { MAX_ID_CHARS, MAX_MONEY, MAX_QUANTITY } from "./limits.js";

/** A role id ("cfo"): the roles themselves live in the role registry (src/analyse/roles/). */
export type Role = string;

// Generic field helpers: finite numbers in a plausible range (decimal notation is checked on the YAML nodes, see
// yaml-inspect.ts), bounded ids. Limits live in limits.ts.
const id = z
  .string()
  .max(MAX_ID_CHARS, `a lower-case id of at most ${MAX_ID_CHARS} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case id (letters, digits, dashes)");
const date = z.iso.date("an ISO date YYYY-MM-DD");
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
const MONEY_RANGE = `an amount in US dollars between −${MAX_MONEY.toLocaleString("en-US")} and ${MAX_MONEY.toLocaleString("en-US")}`;
const money = z.number("a number (US dollars)").finite(MONEY_RANGE).min(-MAX_MONEY, MONEY_RANGE).max(MAX_MONEY, MONEY_RANGE);
const nonNeg = z
  .number("a number")
  .finite("a finite number ≥ 0")
  .nonnegative("a number ≥ 0")
  .max(MAX_QUANTITY, `a plausible figure (at most ${MAX_QUANTITY.toLocaleString("en-US")})`);
const pct = z.number("a percentage").finite("a percentage 0–100").min(0, "a percentage 0–100").max(100, "a percentage 0–100");
const email = z.email("an email address such as ops@example.com");

const recipientSet = z.strictObject({
  to: z.array(email).min(1, "at least one address"),
  bcc: z.array(email).default([]),
  replyTo: email.optional(),
});

const service = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(["apps-script-webapp", "lambda-function-url", "api-gateway", "cloudfront", "s3-website", "website", "form"]),
  url: z.string().min(1),
  auth: z.enum(["none", "api-key", "iam", "oauth", "google-account"]),
  cors: z.enum(["none", "wildcard", "restricted", "not-applicable"]),
  waf: z.boolean().optional(),
  handlesPayments: z.boolean().default(false),
});

const entity = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(["portfolio", "support"]),
  description: z.string(),
  stage: z.enum(["operating", "launching", "placeholder", "internal"]),
  businessModel: z.enum(["charter", "events", "local-service", "none", "internal"]),
  stack: z.array(z.string()),
  hosting: z.string(),
  domains: z.array(z.string()),
  services: z.array(service).default([]),
  revenueTracking: z.enum(["none", "spreadsheet", "payments-dashboard", "accounting-system"]),
  monitoring: z.enum(["none", "alerts", "dashboard"]),
});

export const portfolioSchema = z.strictObject({
  name: z.string().min(1),
  delivery: z.strictObject({
    sender: email,
    replyTo: email.optional(),
    subjectPrefix: z.string().default("[exec-reports]"),
  }),
  entities: z.array(entity).min(1, "at least one entity"),
  recipients: z.record(id, recipientSet),
});

export const listingsSchema = z.strictObject({
  channels: z.array(
    z.strictObject({
      id,
      name: z.string(),
      kind: z.enum(["ota", "directory", "search", "social", "marketplace"]),
      fits: z.array(z.enum(["charter", "events", "local-service"])).min(1),
      commissionPct: pct,
      monthlyAudience: nonNeg,
      setupEffortDays: nonNeg,
    }),
  ),
  listings: z.array(
    z.strictObject({
      entity: id,
      channel: id,
      status: z.enum(["listed", "planned", "paused"]),
      url: z.string().optional(),
      since: date.optional(),
    }),
  ),
});

export const contactsSchema = z.strictObject({
  lists: z.array(
    z.strictObject({
      entity: id,
      name: z.string(),
      size: z.number().int("a whole number of contacts").nonnegative(),
      optedIn: z.number().int().nonnegative(),
      lastEmailed: date.nullable(),
    }),
  ),
  campaign: z.strictObject({
    responseRatePct: z.strictObject({ low: pct, high: pct }),
    bookingRatePct: z.strictObject({ low: pct, high: pct }),
  }),
});

export const pipelineSchema = z.strictObject({
  leads: z.array(
    z.strictObject({
      entity: id,
      name: z.string(),
      stage: z.enum(["new", "contacted", "quoted", "won", "lost"]),
      value: nonNeg,
      created: date,
    }),
  ),
  funnel: z.array(
    z.strictObject({
      entity: id,
      month,
      stages: z.array(z.strictObject({ stage: z.string(), count: z.number().int().nonnegative() })).min(2),
    }),
  ),
});

export const revenueSchema = z.strictObject({
  revenue: z.array(
    z.strictObject({
      id,
      entity: id,
      stream: z.string(),
      kind: z.enum(["deposit", "balance", "sale", "service", "subscription"]),
      date,
      serviceDate: date.optional(),
      amount: money,
      account: id,
    }),
  ),
});

export const expensesSchema = z.strictObject({
  expenses: z.array(
    z.strictObject({
      id,
      entity: id,
      date,
      category: z.string(),
      vendor: z.string(),
      amount: money,
      account: id,
      memo: z.string().default(""),
    }),
  ),
});

export const costsSchema = z.strictObject({
  fixed: z.array(z.strictObject({ entity: id, name: z.string(), monthly: nonNeg })),
  unitEconomics: z.array(
    z.strictObject({
      entity: id,
      unit: z.string(),
      price: nonNeg,
      variableCosts: z.array(
        z.union([z.strictObject({ name: z.string(), amount: nonNeg }), z.strictObject({ name: z.string(), pctOfPrice: pct })]),
      ),
      capacityPerMonth: z.number().int().positive().optional(),
    }),
  ),
});

export const accountsSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      id,
      entity: id,
      kind: z.enum(["bank", "payments", "saas", "cloud", "registrar", "marketplace", "accounting"]),
      provider: z.string(),
      purpose: z.string(),
      balance: money.optional(),
      balanceAsOf: date.optional(),
      owner: z.string().optional(),
      mfa: z.boolean().optional(),
    }),
  ),
});

export const bankSchema = z.strictObject({
  transactions: z.array(z.strictObject({ id, account: id, date, amount: money, description: z.string(), ref: z.string().optional() })),
});

export const equitySchema = z.strictObject({
  holders: z.array(
    z.strictObject({
      entity: id,
      holder: z.string(),
      role: z.string(),
      pct,
      vesting: z.boolean(),
      operational: z.boolean(),
    }),
  ),
  agreements: z.array(z.strictObject({ entity: id, kind: z.string(), signed: z.boolean() })).default([]),
});

export const assetsSchema = z.strictObject({
  assets: z.array(
    z.strictObject({
      id,
      entity: id,
      kind: z.enum(["vessel", "vehicle", "equipment", "software", "content", "other"]),
      name: z.string(),
      value: nonNeg.optional(),
      insured: z.boolean().optional(),
    }),
  ),
});

export const awsSchema = z.strictObject({
  spend: z.array(z.strictObject({ month, service: z.string(), entity: id, amount: nonNeg })),
  natGateways: z.array(z.strictObject({ id: z.string(), entity: id, hourlyUsd: nonNeg, gbProcessedPerMonth: nonNeg })),
  lambdas: z.array(
    z.strictObject({
      name: z.string(),
      entity: id,
      memoryMb: z.number().int().positive(),
      maxUsedMb: z.number().int().positive(),
      invocationsPerMonth: nonNeg,
      avgDurationMs: nonNeg,
    }),
  ),
  buckets: z.array(
    z.strictObject({
      name: z.string(),
      entity: id,
      servedVia: z.enum(["cloudfront", "s3-website", "none"]),
      compression: z.boolean(),
      textTransferPct: pct,
      monthlyTransferGb: nonNeg,
    }),
  ),
});

export const reposSchema = z.strictObject({
  repos: z.array(
    z
      .strictObject({
        id,
        entity: id,
        github: z
          .string()
          .regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")
          .optional(),
        path: z.string().optional(),
        trackedFiles: z.array(z.string()).optional(),
      })
      .refine((r) => r.github || r.path || r.trackedFiles, "a repo needs github, path or trackedFiles"),
  ),
});

export const metricsSchema = z.strictObject({
  metrics: z.array(
    z.strictObject({
      entity: id,
      namespace: z.string(),
      metric: z.string(),
      dimension: z.string(),
      stat: z.enum(["Sum", "Average", "Maximum"]),
      values: z.array(z.number()).min(1),
    }),
  ),
});

export const kpisSchema = z.strictObject({
  catalogue: z.array(
    z.strictObject({
      id,
      role: id,
      label: z.string(),
      unit: z.enum(["usd", "count", "pct", "months", "days", "ratio"]),
      target: z.strictObject({ op: z.enum([">=", "<="]), value: z.number() }).optional(),
      why: z.string(),
    }),
  ),
});

/** data/<file>.yaml → schema; the key is also the dataset name in the Snapshot. */
export const DATA_FILES = {
  portfolio: portfolioSchema,
  listings: listingsSchema,
  contacts: contactsSchema,
  pipeline: pipelineSchema,
  revenue: revenueSchema,
  expenses: expensesSchema,
  costs: costsSchema,
  accounts: accountsSchema,
  bank: bankSchema,
  equity: equitySchema,
  assets: assetsSchema,
  aws: awsSchema,
  repos: reposSchema,
  metrics: metricsSchema,
  kpis: kpisSchema,
} as const;

export type DataFile = keyof typeof DATA_FILES;
export type Inventory = { [K in DataFile]: z.output<(typeof DATA_FILES)[K]> };
export type Portfolio = Inventory["portfolio"];
export type Entity = Portfolio["entities"][number];
export type RecipientSet = z.output<typeof recipientSet>;
