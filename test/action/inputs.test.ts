import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INPUT_NAMES, type InputName, parseInputs } from "../../src/action/inputs.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { loadAudiences } from "../../src/config/audiences.js";
import { selectAudiences } from "../../src/pipeline/prepare.js";
import { UserError } from "../../src/shared/errors.js";
import { DATA_DIR, sampleInventory } from "../helpers/sample.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const ctx = { workspace: "/ws", now: NOW };
const inputs = (v: Partial<Record<InputName, string>>) => (n: InputName) => v[n] ?? "";

describe("action inputs", () => {
  it("defaults: report what is due now (no audience, role or period named), data/ and exec-reports-out/ under the workspace, automatic edges", () => {
    const o = parseInputs(inputs({}), ctx);
    expect(o).toMatchObject({
      command: "report",
      dataDir: "/ws/data",
      outDir: "/ws/exec-reports-out",
      dryRun: false,
      force: false,
    });
    // The plan decides: nothing named means every audience due at the clock.
    expect(o.audiences).toBeUndefined();
    expect(o.roles).toBeUndefined();
    expect(o.period).toBeUndefined();
    expect(o.now).toBeUndefined();
    expect(o.edges).toEqual({ mailer: undefined, audit: undefined, board: undefined, git: undefined, metrics: undefined });
  });

  it("reads the command, audiences, one role, the period and clock, booleans, overrides and optional strings", () => {
    const o = parseInputs(
      inputs({
        command: "plan",
        audience: "cfo, cfo-close,cfo",
        role: " CFO ",
        period: "2026-W10",
        now: "2026-03-09T15:00:00Z",
        "dry-run": "true",
        force: "True",
        mailer: "outbox",
        audit: "file",
        board: "file",
        git: "local",
        metrics: "file",
        "data-dir": "/abs/data",
        "out-dir": "out/x",
        "ses-configuration-set": "cs",
        project: "octo/3",
        "env-file": ".env",
      }),
      ctx,
    );
    expect(o).toMatchObject({
      command: "plan",
      audiences: ["cfo", "cfo-close"],
      roles: ["cfo"],
      period: "2026-W10",
      now: "2026-03-09T15:00:00Z",
      dryRun: true,
      force: true,
      dataDir: "/abs/data",
      outDir: "/ws/out/x",
      sesConfigurationSet: "cs",
      project: "octo/3",
      envFile: "/ws/.env",
    });
    expect(o.edges).toEqual({ mailer: "outbox", audit: "file", board: "file", git: "local", metrics: "file" });
    expect(parseInputs(inputs({ role: "cto,cfo,cto" }), ctx).roles).toEqual(["cto", "cfo"]);
    expect(parseInputs(inputs({ role: "all" }), ctx).roles).toBeUndefined();
  });

  it("reports every bad input at once, naming each, and never echoes a secret", () => {
    const token = `ghs_${randomBytes(12).toString("hex")}`;
    let err: unknown;
    try {
      parseInputs(
        inputs({
          command: "send",
          period: "2026-W60",
          now: "yesterday",
          "dry-run": "yes",
          mailer: "smtp",
          "slack-webhook-url": token,
          "github-token": token,
        }),
        ctx,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).toContain('action input "command": expected report or plan');
    expect(msg).toContain('action input "period"');
    expect(msg).toContain('action input "now"');
    expect(msg).toContain('action input "dry-run": expected true or false');
    expect(msg).toContain('action input "mailer": expected one of ses, outbox');
    expect(msg).toContain('action input "slack-webhook-url": expected an http(s) URL');
    expect(msg).not.toContain(token);
  });

  it("an unknown role or audience is refused when the audiences are read, naming the file and what exists", async () => {
    const { portfolio } = await sampleInventory();
    const all = await loadAudiences(DATA_DIR, { roles: builtinRoles.ids, roleLabel: (r) => builtinRoles.label(r), portfolio });
    const file = path.join(DATA_DIR, "audiences.yaml");
    expect(() => selectAudiences(all, { roles: ["cfoo"] }, DATA_DIR)).toThrow(
      new UserError(`--role: no audience in ${file} has role "cfoo" — roles with audiences: ceo, cto, cfo, cmo, accounting`),
    );
    expect(() => selectAudiences(all, { audiences: ["cfoo"] }, DATA_DIR)).toThrow(
      /--audience: "cfoo" not in .*audiences\.yaml — expected one of ceo, cto/,
    );
  });

  it("declares the same inputs as action.yml", async () => {
    const { parse } = await import("yaml");
    const { readFile } = await import("node:fs/promises");
    const action = parse(await readFile(new URL("../../action.yml", import.meta.url), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });
});
