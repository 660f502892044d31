/** The starter KPI catalogue `init` writes covers every KPI the built-in roles compute and lead with. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { matchesKpiId } from "../../src/analyse/kpi-catalogue.js";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { STARTER_KPIS } from "../../src/commands/init.js";
import { kpisSchema } from "../../src/config/schema.js";
import { parseYamlFile } from "../../src/config/yaml-file.js";

describe("the starter KPI catalogue", async () => {
  const parsed = parseYamlFile(STARTER_KPIS(), await readFile(STARTER_KPIS(), "utf8"), kpisSchema);
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  const catalogue = parsed.file.value.catalogue;
  const has = (role: string, id: string) => catalogue.some((e) => e.role === role && (e.id === id || matchesKpiId(e.id, id)));

  it("lists every headline KPI of every role", () => {
    const absent = builtinRoles.ids.flatMap((r) =>
      builtinRoles
        .get(r)
        .headline.filter((id) => !has(r, id))
        .map((id) => `${r}: ${id}`),
    );
    expect(absent).toEqual([]);
  });

  it("lists every KPI a role's checks declare, so a new user sees each one (missing, with why) from the first report", () => {
    const absent = builtinRoles.ids.flatMap((r) =>
      builtinRoles
        .get(r)
        .checks.flatMap((c) => c.kpis ?? [])
        .filter((id) => !has(r, id))
        .map((id) => `${r}: ${id}`),
    );
    expect(absent).toEqual([]);
  });
});
