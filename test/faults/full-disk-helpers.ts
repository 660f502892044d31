/** Shared by the full-disk drills: a mailer that logs outside --out, the run options, a git source that reads nothing. */
import { appendFile } from "node:fs/promises";
import type { GitSource } from "../../src/collect/sources/source.js";
import type { Mailer } from "../../src/delivery/mailer.js";
import type { RunOptions } from "../../src/pipeline/run.js";
import { NOW } from "../helpers/sample.js";

/** A mailer that logs each message outside --out, so what was sent is known whatever happened to the disk. */
export function loggingMailer(log: string): Mailer {
  return {
    name: "drill",
    async send(email, opts) {
      const skip = new Set((opts?.skip ?? []).map((a) => a.toLowerCase()));
      const to = [...email.to, ...email.bcc].filter((a) => !skip.has(a.toLowerCase()));
      for (const r of to) await appendFile(log, `${email.reportId} ${r}\n`);
      return { messageIds: to.length ? [`<${email.reportId}@drill>`] : [] };
    },
  };
}

export const ROLES = ["ceo", "cto", "cfo", "cmo", "accounting"];
export const options = (dataDir: string, outDir: string): RunOptions => ({
  dataDir,
  outDir,
  roles: ROLES,
  period: "2026-W48",
  force: false,
  dryRun: false,
  env: {},
  now: () => NOW,
});
export const noGit: GitSource = { name: "git-none", repos: async () => ({}) };
