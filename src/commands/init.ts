/** `npm start -- init DIR`: a minimal data folder (one entity and its audiences) that runs as it is. */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { IANAZone } from "luxon";
import { z } from "zod";
import { builtinRoles } from "../analyse/roles/index.js";
import { templatesDir } from "../render/templates.js";
import { type CommandIo, shownPath } from "./io.js";

export const INIT_USAGE = `Usage: npm start -- init DIR [options]

Writes DIR/portfolio.yaml (one entity), DIR/audiences.yaml (one weekly report per role) and
DIR/kpis.yaml (the KPIs each role tracks, with example targets), never overwriting a file.
Then: npm start -- --data DIR

  --name TEXT        the portfolio's name (default: "My portfolio")
  --entity TEXT      the business's name; its id is derived from it (default: "My business")
  --sender EMAIL     the From address; a verified SES identity to send for real (default: reports@example.com)
  --to EMAIL         who receives the reports (default: you@example.com)
  --time-zone ZONE   IANA time zone of the send time (default: this machine's, else UTC)
  -h, --help         show this help
`;

const email = z.email();

/** The starter KPI catalogue: every KPI the built-in checks compute, generic labels, example targets. */
export const STARTER_KPIS = () => path.join(templatesDir(), "starter", "kpis.yaml");

/** The id the data files use for an entity called `name`: lower-case letters, digits and dashes. */
export function entityId(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

interface InitOptions {
  name: string;
  entity: string;
  id: string;
  sender: string;
  to: string;
  timeZone: string;
}

/** Writes the folder; returns the process exit code (0 written, 1 refused or invalid, 2 usage). */
export async function runInit(args: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        name: { type: "string", default: "My portfolio" },
        entity: { type: "string", default: "My business" },
        sender: { type: "string", default: "reports@example.com" },
        to: { type: "string", default: "you@example.com" },
        "time-zone": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(`error: init: ${(e as Error).message}\n\n${INIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(INIT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`error: init: expected one folder, got ${positionals.length ? positionals.join(" ") : "none"}\n\n${INIT_USAGE}`);
    return 2;
  }
  const o: InitOptions = {
    name: values.name.trim(),
    entity: values.entity.trim(),
    id: entityId(values.entity),
    sender: values.sender.trim(),
    to: values.to.trim(),
    timeZone: values["time-zone"]?.trim() || localTimeZone(),
  };
  const problems = [
    !o.name && `--name: empty — expected the portfolio's name`,
    !o.id && `--entity: "${o.entity}" — expected a name with at least one letter or digit`,
    !email.safeParse(o.sender).success && `--sender: "${o.sender}" — expected an email address such as reports@example.com`,
    !email.safeParse(o.to).success && `--to: "${o.to}" — expected an email address such as you@example.com`,
    !IANAZone.isValidZone(o.timeZone) && `--time-zone: "${o.timeZone}" — expected an IANA time zone such as America/New_York or UTC`,
  ].filter((p): p is string => Boolean(p));
  if (problems.length) {
    for (const p of problems) io.err(`error: init ${p}`);
    return 1;
  }

  const dir = path.resolve(io.cwd, positionals[0]!);
  const files: [string, string][] = [
    ["portfolio.yaml", portfolioYaml(o)],
    ["audiences.yaml", audiencesYaml(o)],
    ["kpis.yaml", await readFile(STARTER_KPIS(), "utf8")],
  ];
  const refusal = await refuse(
    dir,
    files.map(([f]) => f),
  );
  if (refusal) {
    io.err(`error: init: ${refusal}`);
    return 1;
  }
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  try {
    // "wx": a file that appeared since the check is still never overwritten.
    for (const [f, text] of files) {
      await writeFile(path.join(dir, f), text, { flag: "wx" });
      written.push(f);
    }
  } catch (e) {
    await Promise.all(written.map((f) => rm(path.join(dir, f), { force: true })));
    io.err(`error: init: cannot write ${dir} (${(e as NodeJS.ErrnoException).code ?? e}); nothing was written`);
    return 1;
  }
  const shown = shownPath(io, dir);
  io.out(`✓ wrote ${path.join(shown, "portfolio.yaml")} (1 entity: ${o.id})`);
  io.out(
    `✓ wrote ${path.join(shown, "audiences.yaml")} (${builtinRoles.ids.length} weekly reports to ${o.to}, Mondays 07:00 ${o.timeZone})`,
  );
  io.out(`✓ wrote ${path.join(shown, "kpis.yaml")} (the KPIs each role tracks; the targets are examples, set your own)`);
  io.out(`next: npm start -- --data ${shown}          (offline: reports in out/reports, emails in out/outbox)`);
  io.out(`      npm start -- doctor --data ${shown}   (before sending for real: SES, DynamoDB, GitHub, CloudWatch)`);
  return 0;
}

/** Why the folder cannot be used, or undefined: a file that would be overwritten, or a path that is not a folder. */
async function refuse(dir: string, names: string[]): Promise<string | undefined> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return `${dir} exists and is not a folder — pick a new folder name`;
  const present = [];
  for (const n of names) if (await stat(path.join(dir, n)).catch(() => undefined)) present.push(n);
  return present.length
    ? `${dir} already has ${present.join(", ")}; init never overwrites a data file — pick a new folder, or move ${present.length > 1 ? "them" : "it"} away first`
    : undefined;
}

function localTimeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && IANAZone.isValidZone(tz) ? tz : "UTC";
}

const q = (s: string) => JSON.stringify(s);

function portfolioYaml(o: InitOptions): string {
  return `# The portfolio: the businesses the reports are about. Written by \`npm start -- init\`; edit freely.
# Every other file in this folder is optional (revenue.yaml, expenses.yaml, bank.yaml, repos.yaml...):
# a report names each missing source and the figures it would give. The repository's data/ folder has an
# example of every file.
name: ${q(o.name)}
delivery:
  # The From address. To send with SES it must be a verified identity (\`npm start -- doctor\` checks it);
  # SES_SENDER_EMAIL in the environment overrides it.
  sender: ${q(o.sender)}
  subjectPrefix: "[exec-reports]"
entities:
  - id: ${o.id}
    name: ${q(o.entity)}
    kind: portfolio
    description: ""
    stage: operating
    businessModel: none
    stack: []
    hosting: ""
    domains: []
    revenueTracking: none
    monitoring: none
`;
}

function audiencesYaml(o: InitOptions): string {
  const audiences = builtinRoles.ids
    .map(
      (role) => `  - id: ${role}
    label: ${q(`${builtinRoles.label(role)} weekly`)}
    role: ${role}
    scope: all
    recipients: { to: [${q(o.to)}] }
    cadence: weekly
    send: { weekday: monday, hour: 7 }`,
    )
    .join("\n");
  return `# Who receives which report. Written by \`npm start -- init\`; edit freely.
# An audience: a role, the entities it may see (scope: all, or a list of entity ids), recipients (to, cc, bcc,
# replyTo), a cadence (weekly | monthly | quarterly) with a local send time, a format (full | summary |
# link-only) and an optional subject template ({label} {role} {period} {scope} {headline} {critical}).
# Each report covers the audience's last complete period in its time zone.
defaults:
  timeZone: ${q(o.timeZone)}
audiences:
${audiences}
  # A monthly close on the 1st at 09:00, as a summary, scoped to one business:
  # - id: ${o.id}-monthly
  #   role: ${builtinRoles.has("cfo") ? "cfo" : builtinRoles.ids[0]}
  #   scope: [${o.id}]
  #   recipients: { to: [${q(o.to)}], cc: ["bookkeeper@example.com"] }
  #   cadence: monthly
  #   send: { day: 1, hour: 9 }
  #   format: summary
  #   subject: "{label} · {period} · {headline}"
`;
}
