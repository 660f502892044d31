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
  /** A file path, or a commit field ("commit 1a2b3c4 message", "commit 1a2b3c4 author"). */
  file: string;
  line: number;
  rule: string;
  /** What was found, masked: its public type prefix and its length, never a character of the secret itself. */
  masked: string;
}

/** "sk_live_•••• (40 chars)": a secret's public prefix (its kind) and length; the rest hidden. */
export function maskSecret(secret: string): string {
  const prefix = /^[A-Za-z]{2,6}_(?:(?:live|test)_)?/.exec(secret)?.[0] ?? /^(AKIA|ASIA|AIza|xox[a-z]-|-----BEGIN)/.exec(secret)?.[0] ?? "";
  return `${prefix}•••• (${secret.length} chars)`;
}

/** Largest file worth scanning; bigger files are bundles or data. */
export const MAX_SCAN_BYTES = 256 * 1024;
const SKIP =
  /(^|\/)(node_modules|dist|vendor)\/|(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$|\.(png|jpe?g|gif|ico|pdf|zip|gz|woff2?|ttf|eml)$/i;

/** Whether a tracked file is a candidate for secret scanning (by path only). */
export function isScanCandidate(file: string): boolean {
  return !SKIP.test(file);
}

/** Scans one file's contents; returns rule, line and a masked preview of each secret (one hit per secret), never the secret. */
export async function scanContent(file: string, content: string): Promise<SecretHit[]> {
  return (await scanRanges(file, content)).map(({ range: _r, ...h }) => h);
}

async function scanRanges(file: string, content: string): Promise<(SecretHit & { range: [number, number] })[]> {
  const result = await lintSource({
    source: { filePath: file, content, ext: path.extname(file), contentType: "text" },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  // Two rules matching the same characters are one secret: keep the first rule that found it.
  const seen = new Set<string>();
  const out: (SecretHit & { range: [number, number] })[] = [];
  for (const m of [...result.messages].sort((a, b) => a.range[0] - b.range[0] || a.ruleId.localeCompare(b.ruleId))) {
    const key = `${m.range[0]}:${m.range[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const range: [number, number] = [m.range[0], m.range[1]];
    out.push({ file, line: m.loc.start.line, rule: m.ruleId, masked: maskSecret(content.slice(...range)), range });
  }
  return out;
}

/** Text with every secret secretlint finds in it replaced by its masked form, and the hits (for commit fields). */
export async function redactSecrets(where: string, text: string): Promise<{ text: string; hits: SecretHit[] }> {
  const found = await scanRanges(where, text);
  let out = text;
  for (const h of [...found].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, h.range[0]) + h.masked + out.slice(h.range[1]);
  return { text: out, hits: found.map(({ range: _r, ...h }) => h) };
}

/**
 * Scans a commit's message and author fields like file contents: returns the fields with any secret masked (so the
 * snapshot never stores it) and the hits, located as "commit <sha7> message" or "commit <sha7> author".
 */
export async function scanCommitFields(c: { sha: string; message: string; author: string }): Promise<{
  message: string;
  author: string;
  hits: SecretHit[];
}> {
  const at = `commit ${c.sha.slice(0, 7)}`;
  const [message, author] = await Promise.all([redactSecrets(`${at} message`, c.message), redactSecrets(`${at} author`, c.author)]);
  return { message: message.text, author: author.text, hits: [...message.hits, ...author.hits] };
}
