/**
 * A sixth role and a new source, each added in its own file (test/fixtures/extension/) and registered here,
 * run through the whole pipeline with nothing else changed: the registries are the only lists.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { builtinRoles } from "../../src/analyse/roles/index.js";
import { coo } from "../fixtures/extension/coo-role.js";
import { paymentsSource } from "../fixtures/extension/payments-source.js";
import { copyData } from "../helpers/cli.js";
import { runOffline } from "../helpers/run.js";

async function dataWithCooAudience(): Promise<{ dir: string; entity: string; account: string }> {
  const dir = await copyData();
  const portfolio = parse(await readFile(path.join(dir, "portfolio.yaml"), "utf8")) as { entities: { id: string }[] };
  const accounts = parse(await readFile(path.join(dir, "accounts.yaml"), "utf8")) as { accounts: { id: string }[] };
  await writeFile(
    path.join(dir, "audiences.yaml"),
    stringify({
      audiences: [
        { id: "ops", role: "coo", recipients: { to: ["ops@example.com"] }, cadence: "weekly", send: { weekday: "monday", hour: 7 } },
      ],
    }),
  );
  const kpis = parse(await readFile(path.join(dir, "kpis.yaml"), "utf8")) as { catalogue: Record<string, unknown>[] };
  kpis.catalogue.push({ id: "orders-in-period", role: "coo", label: "Orders in the period", unit: "count", why: "Operations volume" });
  await writeFile(path.join(dir, "kpis.yaml"), stringify(kpis));
  return { dir, entity: portfolio.entities[0]!.id, account: accounts.accounts[0]!.id };
}

describe("extending exec-reports", () => {
  it("runs a sixth role on facts from a new source", async () => {
    const { dir, entity, account } = await dataWithCooAudience();
    const charges = [
      { id: "ch-1", entity, date: "2026-11-24", amount: 120, account },
      { id: "ch-2", entity, date: "2026-11-28", amount: 80, account },
      { id: "ch-3", entity, date: "2026-12-02", amount: 50, account },
    ];
    const { result, edges } = await runOffline({ dataDir: dir, roles: builtinRoles.with(coo), select: { period: "2026-W48" } });
    expect(edges.sources.length).toBeGreaterThan(0);
    const again = await runOffline({
      dataDir: dir,
      roles: builtinRoles.with(coo),
      select: { period: "2026-W48" },
      force: true,
      edges: { sources: [...edges.sources, paymentsSource(charges)] },
    });
    const before = result.reports[0]!;
    const after = again.result.reports[0]!;
    expect(after).toMatchObject({ reportId: "ops.2026-W48", role: "coo", status: "rendered" });
    expect(after.report!.roleLabel).toBe("COO");
    // The source's two charges inside the week replace the hand-kept revenue file for this run.
    const kpi = after.report!.kpis.find((k) => k.id === "orders-in-period")!;
    expect(kpi).toMatchObject({ value: 2, source: "payments-api (charges)" });
    expect(after.report!.sources.map((s) => s.name)).toContain("payments-api");
    expect(before.report!.kpis.find((k) => k.id === "orders-in-period")!.source).toMatch(/revenue\.yaml/);
    const html = await readFile(after.files.html, "utf8");
    expect(html).toContain("Orders in the period");
  });
});
