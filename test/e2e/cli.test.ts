import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { reportSchema } from "../../src/analyse/report.js";
import { cli, copyData, tempDir, treeHash } from "../helpers/cli.js";

const PERIOD = "2026-W48";
/** What `npm start` makes at the sample's pinned clock (2026-12-01T18:00Z): every audience's latest due report. */
const DUE = [
  ["ceo", "ceo", PERIOD],
  ["cto", "cto", PERIOD],
  ["cfo", "cfo", PERIOD],
  ["cmo", "cmo", PERIOD],
  ["accounting", "accounting", PERIOD],
  ["quickdumpnow-manager", "ceo", PERIOD],
  ["cfo-close", "cfo", "2026-11"],
  ["board", "ceo", "2026-11"],
  ["advisors", "ceo", "2026-11"],
] as const;
const auditLines = async (out: string) =>
  (await readFile(path.join(out, "audit.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("npm start (the CLI, offline)", () => {
  let out: string;
  let first: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    out = path.join(await tempDir(), "out");
    // No --audience or --period: the reports due at the sample's pinned clock.
    first = await cli(["--out", out]);
  });

  it("exits 0 and writes every file for the nine reports due at the pinned clock", async () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const reports = await readdir(path.join(out, "reports"));
    for (const [a] of DUE) for (const ext of ["json", "html", "txt", "md", "snapshot.json"]) expect(reports).toContain(`${a}.${ext}`);
    expect(reports).toHaveLength(DUE.length * 5);
    const outbox = await readdir(path.join(out, "outbox"));
    expect(outbox.sort()).toEqual(DUE.map(([a, , p]) => `${a}.${p}.eml`).sort());
    const top = await readdir(out);
    for (const f of ["board.json", "audit.jsonl"]) expect(top).toContain(f);
    // Each report keeps its own (scoped) snapshot beside it.
    expect(top).not.toContain("snapshot.json");
    // The outbox renders: no email left, and the run says so.
    expect(first.stdout).toMatch(/ceo\.2026-W48\s+rendered\s/);
    expect(first.stdout).toMatch(/cfo-close\.2026-11\s+rendered\s/);
    expect(first.stdout).not.toMatch(/^\S+\s+sent\s/m);
    expect(first.stdout).toMatch(/no email was sent: 9 report\(s\) rendered to .*outbox\/ \(mailer outbox\)/);
    expect((await auditLines(out)).map((l) => [l.reportId, l.status]).sort()).toEqual(
      DUE.map(([a, , p]) => [`${a}.${p}`, "rendered"]).sort(),
    );
  });

  it("writes reports that pass the exported schema, every KPI with a source or a missing reason", async () => {
    for (const [a, role, p] of DUE) {
      const report = reportSchema.parse(JSON.parse(await readFile(path.join(out, "reports", `${a}.json`), "utf8")));
      expect(report.role).toBe(role);
      expect(report.id).toBe(`${a}.${p}`);
      expect(report.audience?.id).toBe(a);
      expect(report.period.label).toBe(p);
      for (const k of report.kpis) {
        if (k.status === "missing") expect(k.missing.length).toBeGreaterThan(0);
        else {
          expect(k.source.length).toBeGreaterThan(0);
          expect(k.asOf.length).toBeGreaterThan(0);
        }
      }
    }
    // The entity manager's report and snapshot hold its own entity only.
    const manager = reportSchema.parse(JSON.parse(await readFile(path.join(out, "reports", "quickdumpnow-manager.json"), "utf8")));
    expect(manager.scope.entities.map((e) => e.id)).toEqual(["quickdumpnow"]);
    const snap = JSON.parse(await readFile(path.join(out, "reports", "quickdumpnow-manager.snapshot.json"), "utf8"));
    expect(snap.datasets.portfolio.value.entities.map((e: { id: string }) => e.id)).toEqual(["quickdumpnow"]);
    // Offline sources say what they are (data/metrics.yaml is not CloudWatch).
    expect(snap.sources.map((x: { name: string; kind: string }) => [x.name, x.kind])).toEqual(
      expect.arrayContaining([
        ["git-local", "git-local"],
        ["metrics-file", "metrics-file"],
      ]),
    );
  });

  it("writes .eml files that parse into a text and an HTML part with every header", async () => {
    for (const [a, , p] of DUE) {
      const raw = await readFile(path.join(out, "outbox", `${a}.${p}.eml`));
      const mail = await simpleParser(raw);
      // Each audience's format: the board gets the summary, the advisors a link and no figures.
      expect(mail.text).toContain(
        a === "board" ? "HEADLINE FIGURES" : a === "advisors" ? "report for 2026-11 is ready" : "EXECUTIVE SUMMARY",
      );
      if (a === "advisors") expect(mail.text).not.toMatch(/\$\d/);
      expect(mail.html).toContain("<table");
      expect(mail.from?.text).toBe("reports@example.com");
      expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toMatch(/@[\w.]*example(\.com)?$/);
      expect(mail.subject).toContain(p);
      expect(mail.date).toBeInstanceOf(Date);
      expect(mail.messageId).toMatch(new RegExp(`^<${a}\\.${p}\\.[0-9a-f]{16}@example\\.com>$`));
      expect(mail.replyTo?.text).toMatch(/@example\.com$/);
      expect(raw.toString()).toMatch(/^Content-Type: multipart\/alternative/m);
    }
    const cfo = await simpleParser(await readFile(path.join(out, "outbox", `cfo.${PERIOD}.eml`)));
    expect(cfo.bcc && (Array.isArray(cfo.bcc) ? cfo.bcc[0] : cfo.bcc)?.text).toBe("bookkeeper@example.com");
    const accounting = await simpleParser(await readFile(path.join(out, "outbox", `accounting.${PERIOD}.eml`)));
    expect(accounting.cc && (Array.isArray(accounting.cc) ? accounting.cc[0] : accounting.cc)?.text).toBe("cfo@example.com");
  });

  it("a second run finds nothing due (offline, a rendered report is done): no file, audit line or card changes", async () => {
    const board1 = JSON.parse(await readFile(path.join(out, "board.json"), "utf8")).cards.length;
    const before = await treeHash(out);
    const second = await cli(["--out", out]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing due at 2026-12-01T18:00:00\.000Z/);
    expect(await treeHash(out)).toBe(before);
    expect(await auditLines(out)).toHaveLength(DUE.length);
    expect(JSON.parse(await readFile(path.join(out, "board.json"), "utf8")).cards.length).toBe(board1);
  });

  it("--audience makes that report again with the first run's KPI values as trend; --force is recorded", async () => {
    const again = await cli(["--out", out, "--audience", "cfo"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cfo\.2026-W48\s+rendered\s/);
    expect(again.stdout).not.toMatch(/cfo-close|ceo\./);
    expect((await auditLines(out)).at(-1)).toMatchObject({ reportId: `cfo.${PERIOD}`, status: "rendered", forced: false });
    const cfo = reportSchema.parse(JSON.parse(await readFile(path.join(out, "reports", "cfo.json"), "utf8")));
    for (const k of cfo.kpis.filter((x) => x.status !== "missing")) {
      expect(k.previous).not.toBeNull();
      expect(k.delta).toBe(0);
    }
    const r = await cli(["--out", out, "--audience", "cfo", "--force"]);
    expect(r.code).toBe(0);
    expect((await auditLines(out)).at(-1)).toMatchObject({ reportId: `cfo.${PERIOD}`, role: "cfo", status: "rendered", forced: true });
  });

  it("--period makes every audience of that cadence for the period; --audience and --period together make one", async () => {
    const dir = path.join(await tempDir(), "out");
    const week = await cli(["--out", dir, "--period", "2026-W47"]);
    expect(week.code).toBe(0);
    expect((await readdir(path.join(dir, "outbox"))).sort()).toEqual(
      DUE.filter(([, , p]) => p === PERIOD)
        .map(([a]) => `${a}.2026-W47.eml`)
        .sort(),
    );
    const one = await cli(["--out", dir, "--audience", "cfo-close", "--period", "2026-10"]);
    expect(one.code).toBe(0);
    expect(await readdir(path.join(dir, "outbox"))).toContain("cfo-close.2026-10.eml");
    expect((await auditLines(dir)).at(-1)).toMatchObject({ reportId: "cfo-close.2026-10", status: "rendered" });
  });
});

describe("bad input", () => {
  const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
    [
      "invalid YAML",
      async (d) => writeFile(path.join(d, "contacts.yaml"), "lists:\n  - { entity: jada, name: x\n"),
      /contacts\.yaml:\d+ invalid YAML/,
    ],
    [
      "a wrong type",
      async (d) => {
        const p = path.join(d, "costs.yaml");
        await writeFile(p, (await readFile(p, "utf8")).replace("price: 1450", 'price: "lots"'));
      },
      /costs\.yaml:\d+ unitEconomics\[0\]\.price: "lots" — expected/,
    ],
    [
      "an unknown entity",
      async (d) => {
        const p = path.join(d, "listings.yaml");
        await writeFile(
          p,
          (await readFile(p, "utf8")).replace("{ entity: jada, channel: instagram", "{ entity: jadda, channel: instagram"),
        );
      },
      /listings\.yaml:\d+ listings\[0\]\.entity: "jadda" is not a known entity — expected one of jada,/,
    ],
    [
      "a malformed address",
      async (d) => {
        const p = path.join(d, "audiences.yaml");
        await writeFile(
          p,
          (await readFile(p, "utf8")).replace("recipients: { to: [cfo@example.com], bcc:", "recipients: { to: [bob@], bcc:"),
        );
      },
      /audiences\.yaml:\d+ audiences\[2\]\.recipients\.to\[0\]: "bob@" — expected an email address/,
    ],
  ];

  it.each(cases)("%s exits 1 with one message naming file:line and field, and leaves OUT as it was", async (_name, breakIt, message) => {
    const data = await copyData();
    const out = path.join(path.dirname(data), "out");
    expect((await cli(["--data", data, "--out", out, "--audience", "cfo"])).code).toBe(0);
    const before = await treeHash(out);
    await breakIt(data);
    const r = await cli(["--data", data, "--out", out, "--period", PERIOD, "--force"]);
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(await treeHash(out)).toBe(before);
  });

  it("rejects an unknown role, audience or period before writing anything, naming what exists", async () => {
    const out = path.join(await tempDir(), "out");
    const role = await cli(["--role", "cfo,coo", "--out", out]);
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/--role: no audience in .*audiences\.yaml has role "coo" — roles with audiences: ceo, cto, cfo/);
    const audience = await cli(["--audience", "cfoo", "--out", out]);
    expect(audience.code).toBe(1);
    expect(audience.stderr).toMatch(/--audience: "cfoo" not in .*audiences\.yaml — expected one of ceo, cto, cfo/);
    const period = await cli(["--audience", "cfo", "--period", "2026-11", "--out", out]);
    expect(period.code).toBe(1);
    expect(period.stderr).toMatch(/--period 2026-11 is a month, but cfo is weekly/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });
});
