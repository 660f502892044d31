/** zod schemas for every file in data/; the Inventory type is what the sources hand to the analysis. */
import { z } from "zod";
import { policySchema } from "./policy.js";

/** A role id ("cfo"): the roles themselves live in the role registry (src/analyse/roles/). */
export type Role = string;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case id (letters, digits, dashes)");
const date = z.iso.date("an ISO date YYYY-MM-DD");
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
const money = z.number("a number (US dollars)").finite();
const nonNeg = z.number("a number").finite().nonnegative("a number ≥ 0");
const pct = z.number("a percentage").min(0, "a percentage 0–100").max(100, "a percentage 0–100");
const email = z.email("an email address such as ops@example.com");
const count = z.number("a whole number").int("a whole number").nonnegative("a number ≥ 0");

/**
 * How an entity makes money. Checks read it to decide what applies: a channel fits some models, a model without
 * sales (`none`, `internal`) is never asked for a pipeline or a listing.
 */
export const BUSINESS_MODELS = ["charter", "events", "local-service", "saas", "subscription", "retail", "none", "internal"] as const;
/** Models that sell something; channels declare which of these they fit. */
export const SELLING_MODELS = ["charter", "events", "local-service", "saas", "subscription", "retail"] as const;
/** Models that sell through leads (inquiries, quotes, trials, deals): an empty pipeline matters to these only. */
export const LEAD_MODELS: ReadonlySet<string> = new Set(["charter", "events", "local-service", "saas"]);
/** Models whose buyers find them in a place (local search, maps, directories): local SEO applies to these only. */
export const LOCAL_MODELS: ReadonlySet<string> = new Set(["charter", "events", "local-service", "retail"]);

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
  businessModel: z.enum(BUSINESS_MODELS),
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
    subjectPrefix: z.string().max(60).default("[exec-reports]"),
    /** An https endpoint that unsubscribes in one click (RFC 8058); without it List-Unsubscribe is a mailto to the reply-to. */
    unsubscribeUrl: z.url({ protocol: /^https$/, error: "an https URL" }).optional(),
    /** Where a link-only email points readers: the archive site or branch (the report's path is appended). */
    archiveUrl: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional(),
  }),
  /** Sample portfolios pin their clock so a report reads the same in any year; a real portfolio leaves this out. */
  defaults: z
    .strictObject({ now: z.iso.datetime({ offset: true, error: "an ISO instant such as 2026-12-01T18:00:00Z" }).optional() })
    .default({}),
  entities: z.array(entity).min(1, "at least one entity"),
  /** Legacy per-role recipients, used only when there is no audiences.yaml. */
  recipients: z.record(id, recipientSet).optional(),
});

export const listingsSchema = z.strictObject({
  channels: z.array(
    z.strictObject({
      id,
      name: z.string(),
      kind: z.enum(["ota", "directory", "search", "social", "marketplace"]),
      fits: z.array(z.enum(SELLING_MODELS)).min(1),
      commissionPct: pct,
      monthlyAudience: nonNeg,
      setupEffortDays: nonNeg,
      /** Another channel that serves the same buyers: the sequence offers them as one step ("A/B"). */
      alternativeTo: id.optional(),
    }),
  ),
  listings: z.array(
    z.strictObject({
      entity: id,
      channel: id,
      status: z.enum(["listed", "planned", "paused"]),
      url: z.string().optional(),
      since: date.optional(),
      /** Average review rating on the channel (1–5) and how many reviews it rests on. */
      rating: z.number().min(1, "a rating 1–5").max(5, "a rating 1–5").optional(),
      reviews: count.optional(),
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
      /**
       * deposit: cash before the service, deferred until serviceDate; balance, sale, service: recognised on serviceDate
       * (or date when none); subscription: recognised evenly from serviceDate (or date) to serviceEnd.
       */
      kind: z.enum(["deposit", "balance", "sale", "service", "subscription"]),
      /** When the cash was received. */
      date,
      /** When the service is delivered (the recognition date); defaults to `date`. */
      serviceDate: date.optional(),
      /** Last day (inclusive) a subscription covers. */
      serviceEnd: date.optional(),
      amount: money,
      /** Units sold by this record (default 1); deposits never count as units (their balance does). */
      quantity: count.default(1),
      /** Who bought, when known: enables repeat-customer KPIs. */
      customer: z.string().min(1).optional(),
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
      /** Shared by the book lines of one split payment (one bank line pays several expenses). */
      ref: z.string().min(1).optional(),
    }),
  ),
});

export const costsSchema = z.strictObject({
  fixed: z.array(z.strictObject({ entity: id, name: z.string(), monthly: nonNeg })),
  unitEconomics: z.array(
    z.strictObject({
      entity: id,
      /** What one sale is called (charter, job, order, licence…), singular. */
      unit: z.string().min(1),
      /** Its plural, when adding "s" is wrong. */
      unitPlural: z.string().min(1).optional(),
      /** Revenue streams whose quantities count as this unit; default every stream of the entity. */
      streams: z.array(z.string().min(1)).optional(),
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
      /**
       * For a shared bank account: the share of its balance that belongs to each entity (percentages summing to 100).
       * Without it, an entity paid from another entity's account has no cash figure of its own.
       */
      allocation: z.record(id, pct).optional(),
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
  natGateways: z.array(
    z.strictObject({
      id: z.string(),
      entity: id,
      hourlyUsd: nonNeg,
      gbProcessedPerMonth: nonNeg,
      /** Hours a month it runs (a stack torn down at night runs fewer than 730). */
      hoursPerMonth: nonNeg.max(745, "at most 745 hours in a month").default(730),
    }),
  ),
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
        /** A recorded history (a file under data/): built into a real local repository at run time when no clone is given. */
        history: z.string().min(1).optional(),
        trackedFiles: z.array(z.string()).optional(),
      })
      .refine((r) => r.github || r.path || r.history || r.trackedFiles, "a repo needs github, path, history or trackedFiles"),
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
      /** One value per local date (YYYY-MM-DD: value): every value carries its own date. */
      values: z.record(date, z.number("a number").finite()),
    }),
  ),
});

/** A KPI id, or a per-entity pattern ending in ":{entity}" that expands to one KPI per entity with the facts. */
const kpiId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*(:\{entity\})?$/, 'a lower-case id, or a per-entity pattern such as "break-even:{entity}"');

export const kpisSchema = z.strictObject({
  catalogue: z.array(
    z.strictObject({
      id: kpiId,
      role: id,
      /** Can name {entity} (the entity's name) and {units} (its unit, plural) in a per-entity pattern. */
      label: z.string(),
      unit: z.enum(["usd", "count", "pct", "months", "days", "ratio"]),
      target: z.strictObject({ op: z.enum([">=", "<="]), value: z.number() }).optional(),
      why: z.string(),
      /** What the data would need for this KPI: shown as the reason when no check computes it. */
      needs: z.string().min(1).optional(),
    }),
  ),
});

/** One commit of a recorded history: who, when, what, and the files it writes (null deletes a file). */
const recordedCommit = z.strictObject({
  author: id,
  date: z.iso.datetime({ offset: true, error: "an ISO date-time with offset, e.g. 2026-11-24T09:30:00-08:00" }),
  message: z.string().min(1),
  files: z.record(z.string().min(1), z.string().nullable()),
});

/**
 * A recorded git history (data/history/*.yaml): authors and commits with their file trees. File contents may hold
 * `{{fake:KIND}}` placeholders that become fake, well-formed credentials at run time (never committed).
 */
export const recordedHistorySchema = z.strictObject({
  authors: z.record(id, z.strictObject({ name: z.string().min(1), email })),
  commits: z.array(recordedCommit).min(1, "at least one commit"),
});
export type RecordedHistory = z.output<typeof recordedHistorySchema>;

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
  policy: policySchema,
} as const;

export type DataFile = keyof typeof DATA_FILES;
export type Inventory = { [K in DataFile]: z.output<(typeof DATA_FILES)[K]> };
export type Portfolio = Inventory["portfolio"];
export type Entity = Portfolio["entities"][number];
export type RecipientSet = z.output<typeof recipientSet>;
