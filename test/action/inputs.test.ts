import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INPUT_NAMES, type InputName, parseInputs } from "../../src/action/inputs.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { UserError } from "../../src/shared/errors.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const ctx = { workspace: "/ws", now: NOW };
const inputs = (v: Partial<Record<InputName, string>>) => (n: InputName) => v[n] ?? "";

describe("action inputs", () => {
  it("defaults: every role, this ISO week, data/ and exec-reports-out/ under the workspace, automatic edges", () => {
    const o = parseInputs(inputs({}), ctx);
    expect(o).toMatchObject({
      roles: builtinRoles.ids,
      period: "2026-W48",
      dataDir: "/ws/data",
      outDir: "/ws/exec-reports-out",
      dryRun: false,
      force: false,
      entities: undefined,
    });
    expect(o.edges).toEqual({ mailer: undefined, audit: undefined, board: undefined, git: undefined, metrics: undefined });
  });

  it("reads one role, entities, booleans, overrides and optional strings", () => {
    const o = parseInputs(
      inputs({
        role: " CFO ",
        entities: "acme, bolt",
        period: "2026-W10",
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
      roles: ["cfo"],
      entities: ["acme", "bolt"],
      period: "2026-W10",
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
    expect(parseInputs(inputs({ role: "all" }), ctx).roles).toEqual(builtinRoles.ids);
  });

  it("reports every bad input at once, naming each, and never echoes a secret", () => {
    const token = `ghs_${randomBytes(12).toString("hex")}`;
    let err: unknown;
    try {
      parseInputs(
        inputs({ role: "cfoo", period: "2026-W60", "dry-run": "yes", mailer: "smtp", "slack-webhook-url": token, "github-token": token }),
        ctx,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).toContain('action input "role": "cfoo" is not a role');
    expect(msg).toContain('action input "period"');
    expect(msg).toContain('action input "dry-run": expected true or false');
    expect(msg).toContain('action input "mailer": expected one of ses, outbox');
    expect(msg).toContain('action input "slack-webhook-url": expected an http(s) URL');
    expect(msg).not.toContain(token);
  });

  it("declares the same inputs as action.yml", async () => {
    const { parse } = await import("yaml");
    const { readFile } = await import("node:fs/promises");
    const action = parse(await readFile(new URL("../../action.yml", import.meta.url), "utf8")) as { inputs: Record<string, unknown> };
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });
});
