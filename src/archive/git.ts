/** The git CLI, run without a shell: each call returns stdout or throws a GitError carrying stderr. */
import { execFile } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly code: number | string | null,
  ) {
    super(`git ${args[0]} failed (${code}): ${stderr.trim().split("\n").slice(-3).join(" / ")}`);
  }
}

export interface GitOptions {
  cwd: string;
  /** Added to the process environment (e.g. GIT_CONFIG_* carrying an auth header, never on the command line). */
  env?: NodeJS.ProcessEnv;
}

// No prompt can ever block a CI job: a missing credential fails at once.
const QUIET_ENV = { GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "echo", LC_ALL: "C" };

/** Runs `git ARGS` in opts.cwd; resolves to trimmed stdout. */
export function git(args: string[], opts: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd: opts.cwd, env: { ...process.env, ...QUIET_ENV, ...opts.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new GitError(args, `${stderr}`, (err as NodeJS.ErrnoException & { code?: number | string }).code ?? null));
        else resolve(stdout.trim());
      },
    );
  });
}

/** The environment that gives git an HTTP Authorization header for `url`'s host, the way actions/checkout does. */
export function gitAuthEnv(url: string, token: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${u.protocol}//${u.host}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
