/** One logger for the pipeline: the console in the CLI, @actions/core in the action. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
  /** Registers a value that must never be printed. */
  secret(value: string): void;
}

/** Console logger that masks registered secrets in every line. */
export function consoleLogger(opts: { quiet?: boolean; debug?: boolean } = {}): Logger {
  const secrets = new Set<string>();
  const mask = (s: string) => [...secrets].reduce((acc, x) => acc.split(x).join("***"), s);
  return {
    info: (m) => !opts.quiet && console.log(mask(m)),
    warn: (m) => console.warn(`warning: ${mask(m)}`),
    error: (m) => console.error(`error: ${mask(m)}`),
    debug: (m) => opts.debug && console.log(`debug: ${mask(m)}`),
    secret: (v) => v && v.length >= 4 && secrets.add(v),
  };
}

/** Logger that records lines, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => {},
    secret: () => {},
  };
}
