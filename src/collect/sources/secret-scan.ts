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

export interface CommitFields {
  sha: string;
  message: string;
  author: string;
}

/**
 * Scans a commit's message and author fields like file contents: returns the fields with any secret masked (so the
 * snapshot never stores it) and the hits, located as "commit <sha7> message" or "commit <sha7> author".
 */
export async function scanCommitFields(c: CommitFields): Promise<{ message: string; author: string; hits: SecretHit[] }> {
  return (await scanCommitBatch([c]))[0]!;
}

/** Between two fields in one scan: a blank line, which no rule's match crosses (a key block has no blank line). */
const FIELD_GAP = "\n\n";

/**
 * scanCommitFields for many commits in one secretlint call (each call costs about 0.1 ms of rule set-up, which for
 * thousands of commits was most of the scan): the fields are joined, and each hit is mapped back to its field.
 */
export async function scanCommitBatch(commits: readonly CommitFields[]): Promise<{ message: string; author: string; hits: SecretHit[] }[]> {
  const fields = commits.flatMap((c) => [
    { kind: "message" as const, text: c.message },
    { kind: "author" as const, text: c.author },
  ]);
  const starts: number[] = [];
  let at = 0;
  for (const f of fields) {
    starts.push(at);
    at += f.text.length + FIELD_GAP.length;
  }
  const joined = fields.map((f) => f.text).join(FIELD_GAP);
  const found = joined ? await scanRanges("commits", joined) : [];
  const byField = fields.map(() => [] as { range: [number, number]; rule: string }[]);
  for (const h of found) {
    // The field holding the hit's start: the last start at or before it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= h.range[0]) lo = mid;
      else hi = mid - 1;
    }
    const s = starts[lo]!;
    const end = Math.min(h.range[1], s + fields[lo]!.text.length);
    if (h.range[0] < end) byField[lo]!.push({ range: [h.range[0] - s, end - s], rule: h.rule });
  }
  return commits.map((c, i) => {
    const where = `commit ${c.sha.slice(0, 7)}`;
    const masked = [0, 1].map((k) => {
      const f = fields[2 * i + k]!;
      // In text order (scanRanges sorts them); masked from the last so earlier ranges keep their offsets.
      const hits = byField[2 * i + k]!.map((h) => ({
        range: h.range,
        hit: {
          file: `${where} ${f.kind}`,
          line: f.text.slice(0, h.range[0]).split("\n").length,
          rule: h.rule,
          masked: maskSecret(f.text.slice(...h.range)),
        } satisfies SecretHit,
      }));
      const text = hits.reduceRight((t, { range, hit }) => t.slice(0, range[0]) + hit.masked + t.slice(range[1]), f.text);
      return { text, hits: hits.map((h) => h.hit) };
    });
    return { message: masked[0]!.text, author: masked[1]!.text, hits: [...masked[0]!.hits, ...masked[1]!.hits] };
  });
}
