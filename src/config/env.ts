/** The environment: read from process.env, or from a dotenv file given with --env-file, and validated once. */
import { readFile } from "node:fs/promises";
import { parse as parseDotenv } from "dotenv";
import { z } from "zod";
import { ConfigError, UserError } from "../shared/errors.js";

const emailList = z
  .string()
  .transform((s) =>
    s
      .split(/[,;\s]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email("an email address such as ops@example.com")));

const envSchema = z.object({
  SES_SENDER_EMAIL: z.email("a verified SES sender such as reports@example.com").optional(),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1")
    .optional(),
  RECIPIENT_EMAIL: emailList.optional(),
  BCC_RECIPIENTS: emailList.optional(),
  REPLY_TO_EMAIL: z.email("an email address such as ops@example.com").optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  AUDIT_TABLE: z
    .string()
    .regex(/^[\w.-]{3,255}$/, "a DynamoDB table name")
    .optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_REPOSITORY: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")
    .optional(),
  GITHUB_API_URL: z.url("an https URL such as https://api.github.com").optional(),
  SLACK_WEBHOOK_URL: z.url("an https URL").optional(),
  /** Which variable supplies AWS credentials (computed, never the secret itself). */
  AWS_CREDENTIALS: z.string().optional(),
});
export type Env = z.output<typeof envSchema>;
export const ENV_KEYS = Object.keys(envSchema.shape) as (keyof Env)[];

/** Reads and validates the environment; values in process.env win over the env file, like dotenv. */
export async function loadEnv(envFile?: string, base: NodeJS.ProcessEnv = process.env): Promise<Env> {
  let fromFile: Record<string, string> = {};
  let text = "";
  if (envFile) {
    try {
      text = await readFile(envFile, "utf8");
    } catch (e) {
      throw new UserError(`--env-file ${envFile}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    fromFile = parseDotenv(text);
  }
  const merged: Record<string, string | undefined> = {};
  for (const k of ENV_KEYS) {
    // An empty variable means unset: a workflow's `${{ vars.X }}` is "" when X is not defined.
    const v = base[k] || fromFile[k];
    merged[k] = v === undefined || v === "" ? undefined : v;
  }
  merged.AWS_CREDENTIALS = awsCredentialSource(base);
  const r = envSchema.safeParse(merged);
  if (r.success) return r.data;
  throw new ConfigError(
    r.error.issues.map((i) => {
      const key = String(i.path[0]);
      const fromEnvFile = base[key] === undefined && envFile;
      const where = fromEnvFile ? `${envFile}:${lineOfKey(text, key)}` : "environment";
      const shown = key.includes("TOKEN") || key.includes("WEBHOOK") ? "(hidden)" : JSON.stringify(merged[key]);
      return `${where} ${key}: ${shown} — expected ${i.message}`;
    }),
  );
}

/** The first variable that gives the AWS SDK credentials (keys, a profile, OIDC web identity, a container role). */
// Only the process environment counts: the AWS SDK reads credentials from there (or ~/.aws), not from --env-file.
function awsCredentialSource(base: NodeJS.ProcessEnv): string | undefined {
  const names = [
    "AWS_ACCESS_KEY_ID",
    "AWS_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  ];
  return names.find((n) => base[n]);
}

function lineOfKey(text: string, key: string): number {
  const idx = text.split("\n").findIndex((l) => new RegExp(`^\\s*(export\\s+)?${key}\\s*=`).test(l));
  return idx < 0 ? 1 : idx + 1;
}
