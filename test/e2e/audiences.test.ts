/**
 * Audiences end to end through the CLI: who receives what, the reports due at a clock and nothing else,
 * an entity manager's report that holds nothing of another entity, shared cards that two audiences never
 * rewrite, and an honest status when no email leaves.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, copyData, tempDir } from "../helpers/cli.js";

const OTHER_ENTITIES = [
  "jada",
  "JADA",
  "queenofsandiego",
  "QueenofSanDiego",
  "dangerouscentaur",
  "DangerousCentaur",
  "Shared Operations",
  "Platform & Tooling",
  "Brand Studio",
];

describe("who", () => {
  it("lists every audience with recipients, scope, cadence, time zone, format and next send time", async () => {
    const r = await cli(["who", "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      id: string;
      scope: unknown;
      to: string[];
      cadence: string;
      timeZone: string;
      format: string;
      nextSend: string;
    }[];
    expect(rows.length).toBeGreaterThanOrEqual(7);
    const qdn = rows.find((x) => x.id === "quickdumpnow-manager")!;
    expect(qdn).toMatchObject({ scope: ["quickdumpnow"], cadence: "weekly", timeZone: "America/Denver", format: "full" });
    // The sample's clock is pinned at 2026-12-01T18:00Z: the next Monday 08:00 in Denver.
    expect(qdn.nextSend).toBe("2026-12-07T08:00:00.000-07:00");
    expect(rows.map((x) => x.format)).toEqual(expect.arrayContaining(["full", "summary", "link-only"]));
    expect(rows.map((x) => x.cadence)).toEqual(expect.arrayContaining(["weekly", "monthly"]));
  });
});

describe("npm start at the sample's pinned clock", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    out = path.join(await tempDir(), "out");
    run = await cli(["--out", out]);
  });

  it("makes each audience due then, for its last complete period, and nothing else", async () => {
    expect(run.code).toBe(0);
    const eml = (await readdir(path.join(out, "outbox"))).sort();
    expect(eml).toEqual(
      [
        "accounting.2026-W48",
        "advisors.2026-11",
        "board.2026-11",
        "ceo.2026-W48",
        "cfo-close.2026-11",
        "cfo.2026-W48",
        "cmo.2026-W48",
        "cto.2026-W48",
        "quickdumpnow-manager.2026-W48",
      ].map((id) => `${id}.eml`),
    );
  });

  it("says no email was sent: every report is rendered to the outbox", async () => {
    expect(run.stdout).toMatch(/^ceo\.2026-W48\s+rendered\s/m);
    expect(run.stdout).not.toMatch(/\ssent\s/);
    expect(run.stdout).toMatch(/no email was sent: 9 report\(s\) rendered to .*outbox/);
    const audit = (await readFile(path.join(out, "audit.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { status: string });
    expect(audit.map((a) => a.status)).toEqual(Array(9).fill("rendered"));
  });

  it("a second run at the same clock finds nothing due", async () => {
    const again = await cli(["--out", out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing due at 2026-12-01T18:00:00.000Z/);
  });

  it("the link-only audience's email carries no figure, only where the report is kept", async () => {
    const raw = await readFile(path.join(out, "outbox", "advisors.2026-11.eml"), "utf8");
    const mail = await simpleParser(raw);
    // RFC 2369: a mailto to the reply-to naming the audience; no one-click header without an https endpoint.
    expect(raw).toMatch(/^List-Unsubscribe: <mailto:operator@example\.com\?subject=unsubscribe%20advisors>/m);
    expect(raw).not.toMatch(/^List-Unsubscribe-Post:/m);
    expect(String(mail.subject)).toContain("2026-11");
  });
});

describe("the plan at other clocks", () => {
  it("Monday 06:17 UTC: nothing of W48 is due in the Americas yet", async () => {
    const r = await cli(["plan", "--json", "--now", "2026-11-30T06:17:00Z", "--out", path.join(await tempDir(), "out")]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { include: { reportId: string }[] };
    // Still Sunday night in Los Angeles and Denver: the last complete week there is W47, the month October.
    expect(plan.include.map((e) => e.reportId)).toContain("ceo.2026-W47");
    expect(plan.include.map((e) => e.reportId)).toContain("cfo-close.2026-10");
    expect(plan.include.map((e) => e.reportId).some((id) => id.endsWith("W48"))).toBe(false);
  });

  it("Monday 2026-12-07 16:00 UTC: every weekly audience is due for W49", async () => {
    const r = await cli(["plan", "--json", "--now", "2026-12-07T16:00:00Z", "--out", path.join(await tempDir(), "out")]);
    const ids = (JSON.parse(r.stdout) as { include: { reportId: string }[] }).include.map((e) => e.reportId);
    expect(ids.filter((id) => id.endsWith(".2026-W49")).sort()).toEqual(
      ["accounting", "ceo", "cfo", "cmo", "cto", "quickdumpnow-manager"].map((a) => `${a}.2026-W49`),
    );
  });
});

describe("an entity manager's report", () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(await tempDir(), "out");
    const r = await cli(["--out", out, "--audience", "quickdumpnow-manager,ceo"]);
    expect(r.code).toBe(0);
  });

  it("holds nothing of another entity: email, Markdown, text, JSON, snapshot and linked cards", async () => {
    const files = ["json", "md", "txt", "html", "snapshot.json"].map((ext) => path.join(out, "reports", `quickdumpnow-manager.${ext}`));
    const texts = await Promise.all(files.map((f) => readFile(f, "utf8")));
    const raw = await readFile(path.join(out, "outbox", "quickdumpnow-manager.2026-W48.eml"), "utf8");
    const mail = await simpleParser(raw);
    const report = JSON.parse(texts[0]!) as { actions: { fingerprint: string }[] };
    const board = JSON.parse(await readFile(path.join(out, "board.json"), "utf8")) as {
      cards: { fingerprint: string; title: string; body: string; labels: string[] }[];
    };
    const linked = board.cards.filter((c) => report.actions.some((a) => a.fingerprint === c.fingerprint));
    expect(linked.length).toBe(report.actions.length);
    const everything = [
      ...texts,
      raw,
      mail.text ?? "",
      String(mail.subject),
      ...linked.map((c) => `${c.title}\n${c.body}\n${c.labels.join(" ")}`),
    ].join("\n");
    // The catalogue's own labels are configuration, not facts; the snapshot keeps only in-scope rows of every dataset.
    for (const name of OTHER_ENTITIES) expect(everything.replace(/break-even-jada|JADA break-even/g, ""), name).not.toContain(name);
    expect(String(mail.subject)).toMatch(/^\[exec-reports\] QuickDumpNow · 2026-W48/);
    expect(mail.to && (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toBe("manager@quickdumpnow.example");
    expect(mail.bcc).toBeUndefined();
  });

  it("shares cards with the all-entity report: none duplicated, and a second run writes nothing to the board", async () => {
    const boardFile = path.join(out, "board.json");
    const before = await readFile(boardFile, "utf8");
    const cards = (JSON.parse(before) as { cards: { fingerprint: string }[] }).cards;
    expect(new Set(cards.map((c) => c.fingerprint)).size).toBe(cards.length);
    const again = await cli(["--out", out, "--audience", "quickdumpnow-manager,ceo", "--force"]);
    expect(again.code).toBe(0);
    for (const line of again.stdout.split("\n").filter((l) => /^(ceo|quickdumpnow-manager)\.2026-W48/.test(l))) {
      expect(line).toMatch(/cards \+0 ~0 closed 0 reopened 0/);
    }
    expect(await readFile(boardFile, "utf8")).toBe(before);
  });
});

describe("configuration precedence", () => {
  it("an empty variable in the environment does not hide the env file's value", async () => {
    const dir = await tempDir();
    const envFile = path.join(dir, "test.env");
    await writeFile(envFile, "RECIPIENT_EMAIL=from-file@example.com\n");
    const out = path.join(dir, "out");
    const r = await cli(["--out", out, "--audience", "cto", "--env-file", envFile], { RECIPIENT_EMAIL: "" });
    expect(r.code).toBe(0);
    const mail = await simpleParser(await readFile(path.join(out, "outbox", "cto.2026-W48.eml")));
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toBe("from-file@example.com");
  });

  it("the sample stays offline whatever the shell holds, and says why", async () => {
    const out = path.join(await tempDir(), "out");
    const r = await cli(["--out", out, "--audience", "cto", "--dry-run"], {
      AWS_REGION: "us-west-2",
      AWS_PROFILE: "exec-reports-test",
      SES_SENDER_EMAIL: "reports@example.com",
      GITHUB_TOKEN: "placeholder-not-a-token",
      GITHUB_REPOSITORY: "example/reports",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mailer: outbox .*sample data pins the clock/m);
    expect(r.stdout).toMatch(/^metrics: file .*sample data pins the clock/m);
    expect(r.stdout).toMatch(/^board: .*board\.json .*sample data pins the clock/m);
  });

  it("a scoped audience in a copy of the data is validated with file:line", async () => {
    const data = await copyData();
    const file = path.join(data, "audiences.yaml");
    const doc = parse(await readFile(file, "utf8")) as { audiences: { scope?: unknown }[] };
    expect(doc.audiences.length).toBeGreaterThan(5);
    await writeFile(file, (await readFile(file, "utf8")).replace("scope: [quickdumpnow]", "scope: [quickdumpnw]"));
    const r = await cli(["who", "--data", data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /audiences\.yaml:\d+ audiences\[5\]\.scope\[0\]: "quickdumpnw" is not an entity in portfolio\.yaml — expected one of /,
    );
  });
});
