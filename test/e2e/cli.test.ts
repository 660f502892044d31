import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { reportSchema } from "../../src/analyse/report.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { cli, copyData, tempDir, treeHash } from "../helpers/cli.js";

const PERIOD = "2026-W48";

describe("npm start (the CLI, offline)", () => {
  let out: string;
  let first: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    out = path.join(await tempDir(), "out");
    first = await cli(["--out", out, "--period", PERIOD]);
  });

  it("exits 0 and writes every file for all five roles", async () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const reports = await readdir(path.join(out, "reports"));
    for (const r of builtinRoles.ids) for (const ext of ["json", "html", "txt", "md"]) expect(reports).toContain(`${r}.${ext}`);
    const outbox = await readdir(path.join(out, "outbox"));
    expect(outbox.sort()).toEqual(builtinRoles.ids.map((r) => `${r}.all.${PERIOD}.eml`).sort());
    for (const f of ["board.json", "audit.jsonl", "snapshot.json"]) expect(await readdir(out)).toContain(f);
    expect(first.stdout).toMatch(/ceo\s+sent\s+ceo\.all\.2026-W48/);
  });

  it("writes reports that pass the exported schema, every KPI with a source or a missing reason", async () => {
    for (const r of builtinRoles.ids) {
      const report = reportSchema.parse(JSON.parse(await readFile(path.join(out, "reports", `${r}.json`), "utf8")));
      expect(report.role).toBe(r);
      for (const k of report.kpis) {
        if (k.status === "missing") expect(k.missing.length).toBeGreaterThan(0);
        else {
          expect(k.source.length).toBeGreaterThan(0);
          expect(k.asOf.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it("writes .eml files that parse into a text and an HTML part with every header", async () => {
    for (const r of builtinRoles.ids) {
      const raw = await readFile(path.join(out, "outbox", `${r}.all.${PERIOD}.eml`));
      const mail = await simpleParser(raw);
      expect(mail.text).toContain("EXECUTIVE SUMMARY");
      expect(mail.html).toContain("<table");
      expect(mail.from?.text).toBe("reports@example.com");
      expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toMatch(/@example\.com$/);
      expect(mail.subject).toContain(PERIOD);
      expect(mail.date).toBeInstanceOf(Date);
      expect(mail.messageId).toMatch(new RegExp(`^<${r}\\.all\\.${PERIOD}\\.[0-9a-f]{16}@example\\.com>$`));
      expect(mail.replyTo?.text).toMatch(/@example\.com$/);
      expect(raw.toString()).toMatch(/^Content-Type: multipart\/alternative/m);
    }
    const cfo = await simpleParser(await readFile(path.join(out, "outbox", `cfo.all.${PERIOD}.eml`)));
    expect(cfo.bcc && (Array.isArray(cfo.bcc) ? cfo.bcc[0] : cfo.bcc)?.text).toBe("bookkeeper@example.com");
  });

  it("a second run sends nothing, audits 'skipped' and keeps the board's card count", async () => {
    const board1 = JSON.parse(await readFile(path.join(out, "board.json"), "utf8")).cards.length;
    const eml1 = await treeHash(path.join(out, "outbox"));
    const second = await cli(["--out", out, "--period", PERIOD]);
    expect(second.code).toBe(0);
    expect(await treeHash(path.join(out, "outbox"))).toBe(eml1);
    const lines = (await readFile(path.join(out, "audit.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines.slice(0, 5).every((l) => l.status === "sent")).toBe(true);
    expect(lines.slice(5).map((l) => l.status)).toEqual(["skipped", "skipped", "skipped", "skipped", "skipped"]);
    expect(lines[5].reason).toMatch(/already sent/);
    expect(JSON.parse(await readFile(path.join(out, "board.json"), "utf8")).cards.length).toBe(board1);
    // The second report carries the first run's KPI values as trend.
    const cfo = reportSchema.parse(JSON.parse(await readFile(path.join(out, "reports", "cfo.json"), "utf8")));
    for (const k of cfo.kpis.filter((x) => x.status !== "missing")) {
      expect(k.previous).not.toBeNull();
      expect(k.delta).toBe(0);
    }
  });

  it("--force sends again and records it", async () => {
    const r = await cli(["--out", out, "--period", PERIOD, "--role", "cfo", "--force"]);
    expect(r.code).toBe(0);
    const last = (await readFile(path.join(out, "audit.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .at(-1);
    expect(last).toMatchObject({ role: "cfo", status: "sent", forced: true });
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
        const p = path.join(d, "portfolio.yaml");
        await writeFile(p, (await readFile(p, "utf8")).replace("cfo: { to: [cfo@example.com]", "cfo: { to: [bob@]"));
      },
      /portfolio\.yaml:\d+ recipients\.cfo\.to\[0\]: "bob@" — expected an email address/,
    ],
  ];

  it.each(cases)("%s exits 1 with one message naming file:line and field, and leaves OUT as it was", async (_name, breakIt, message) => {
    const data = await copyData();
    const out = path.join(path.dirname(data), "out");
    expect((await cli(["--data", data, "--out", out, "--period", PERIOD, "--role", "cfo"])).code).toBe(0);
    const before = await treeHash(out);
    await breakIt(data);
    const r = await cli(["--data", data, "--out", out, "--period", PERIOD, "--force"]);
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(await treeHash(out)).toBe(before);
  });

  it("rejects a bad flag value before reading anything", async () => {
    const r = await cli(["--role", "cfo,coo", "--out", path.join(await tempDir(), "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--role: "coo" is not a role');
  });
});
