/** Secret scanning of file contents with secretlint's recommended preset plus a Stripe key rule it lacks. */

import path from "node:path";
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintRuleCreator } from "@secretlint/types";

const STRIPE_MESSAGES = {
  STRIPE_KEY: { en: (p: { KIND: string }) => `found Stripe ${p.KIND} key`, ja: (p: { KIND: string }) => `Stripe ${p.KIND} key` },
};

/** Stripe secret (sk_), restricted (rk_) and webhook (whsec_) keys, live or test. */
export const stripeRule: SecretLintRuleCreator = {
  messages: STRIPE_MESSAGES,
  meta: {
    id: "exec-reports/stripe",
    recommended: true,
    type: "scanner",
    supportedContentTypes: ["text"],
    docs: { url: "https://docs.stripe.com/keys" },
  },
  create(context) {
    const t = context.createTranslator(STRIPE_MESSAGES);
    return {
      file(source) {
        const re = /(?<![A-Za-z0-9_])((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247}|whsec_[A-Za-z0-9]{32,})(?![A-Za-z0-9])/g;
        for (const m of source.content.matchAll(re)) {
          const kind = m[1]!.startsWith("whsec_") ? "webhook" : m[1]!.startsWith("rk_") ? "restricted" : "secret";
          context.report({ message: t("STRIPE_KEY", { KIND: kind }), range: [m.index!, m.index! + m[0].length] });
        }
      },
    };
  },
};

// secretlint marks every rule call on a process-wide profiler whose observer keeps each mark and searches all earlier ones
// on every new one: O(marks²), about 10 s of CPU for 900 files (npm run bench). The timings serve secretlint's CLI; we never read them.
secretLintProfiler.mark = () => {};

const CONFIG = {
  rules: [
    { id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended },
    { id: "exec-reports/stripe", rule: stripeRule },
  ],
};

export interface SecretHit {
  file: string;
  line: number;
  rule: string;
}

/** Largest file worth scanning; bigger files are bundles or data. */
export const MAX_SCAN_BYTES = 256 * 1024;
const SKIP =
  /(^|\/)(node_modules|dist|vendor)\/|(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$|\.(png|jpe?g|gif|ico|pdf|zip|gz|woff2?|ttf|eml)$/i;

/** Whether a tracked file is a candidate for secret scanning (by path only). */
export function isScanCandidate(file: string): boolean {
  return !SKIP.test(file);
}

/** Scans one file's contents; returns rule and line of each hit, never the secret itself. */
export async function scanContent(file: string, content: string): Promise<SecretHit[]> {
  const result = await lintSource({
    source: { filePath: file, content, ext: path.extname(file), contentType: "text" },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.map((m) => ({ file, line: m.loc.start.line, rule: m.ruleId }));
}
