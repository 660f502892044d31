/** What a subcommand gets from the entry: its arguments' context and where to print. */
import path from "node:path";

export interface CommandIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** One line of normal output. */
  out: (line: string) => void;
  /** One line of error output. */
  err: (line: string) => void;
}

/** The console as a CommandIo. */
export function consoleIo(o: Pick<CommandIo, "cwd" | "env" | "now">): CommandIo {
  return { ...o, out: (l) => console.log(l), err: (l) => console.error(l) };
}

/** A path as the user would type it: relative to the working directory when inside it, absolute otherwise. */
export function shownPath(io: Pick<CommandIo, "cwd">, p: string): string {
  const rel = path.relative(io.cwd, p);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? p : rel;
}
