/**
 * The executive summary as a Projects v2 status update, against msw answering with GitHub-shaped bodies:
 * the verdict from the headline KPIs' targets, create once, edit on a re-run, a project out of reach warns.
 */
import { graphql, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API, FakeGitHub } from "../../scripts/dev/fake-github.js";
import { parseProjectRef } from "../../src/board/projects.js";
import { postStatusUpdate, projectStatusOf, type StatusReport, statusBody, statusMarker } from "../../src/board/status-update.js";
import { testClient } from "../github/helpers.js";
import { fixtureReport } from "./fixture.js";

interface Update {
  id: string;
  status: string;
  body: string;
  createdAt: string;
}

const gh = new FakeGitHub();
const link = graphql.link(`${API}/graphql`);
let updates: Update[];
let calls: { op: string; variables: Record<string, unknown> }[];
let access: "ok" | "forbidden";
/** GitHub's bodies, errors with `type` included (msw's types know only the spec's fields). */
const reply = (body: object): Response => HttpResponse.json(body);
const PROJECT = { owner: "example-org", number: 7, id: "PVT_kwDOBQfyNs4AdKyz" };

beforeAll(() => gh.start());
afterAll(() => gh.stop());
beforeEach(() => {
  updates = [];
  calls = [];
  access = "ok";
  gh.server.use(
    link.query("ProjectStatusUpdates", ({ variables }) => {
      calls.push({ op: "ProjectStatusUpdates", variables });
      if (access === "forbidden")
        return reply({
          data: { repositoryOwner: null },
          errors: [
            {
              type: "FORBIDDEN",
              path: ["repositoryOwner"],
              extensions: { saml_failure: false },
              locations: [{ line: 2, column: 3 }],
              message: "Resource not accessible by integration",
            },
          ],
        });
      if (variables.login !== PROJECT.owner) return reply({ data: { repositoryOwner: null } });
      if (variables.number !== PROJECT.number)
        return reply({
          data: { repositoryOwner: { projectV2: null } },
          errors: [
            {
              type: "NOT_FOUND",
              path: ["repositoryOwner", "projectV2"],
              message: `Could not resolve to a ProjectV2 with the number ${variables.number}.`,
            },
          ],
        });
      const nodes = [...updates].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 20);
      return reply({
        data: {
          repositoryOwner: {
            projectV2: {
              id: PROJECT.id,
              title: "Exec actions",
              statusUpdates: { nodes: nodes.map(({ id, status, body }) => ({ id, status, body })) },
            },
          },
        },
      });
    }),
    link.mutation("CreateProjectStatusUpdate", ({ variables }) => {
      calls.push({ op: "CreateProjectStatusUpdate", variables });
      if (variables.project !== PROJECT.id)
        return reply({
          data: { createProjectV2StatusUpdate: null },
          errors: [{ type: "NOT_FOUND", path: ["createProjectV2StatusUpdate"], message: "Could not resolve to a node with the global id" }],
        });
      const u = {
        id: `PVTSU_lADOBQfyNs4AdKyzzg${updates.length}`,
        status: String(variables.status),
        body: String(variables.body),
        createdAt: `2026-12-0${updates.length + 1}T06:17:00Z`,
      };
      updates.push(u);
      return reply({ data: { createProjectV2StatusUpdate: { statusUpdate: { id: u.id } } } });
    }),
    link.mutation("UpdateProjectStatusUpdate", ({ variables }) => {
      calls.push({ op: "UpdateProjectStatusUpdate", variables });
      const u = updates.find((x) => x.id === variables.id)!;
      Object.assign(u, { status: variables.status, body: variables.body });
      return reply({ data: { updateProjectV2StatusUpdate: { statusUpdate: { id: u.id } } } });
    }),
  );
});
afterEach(() => gh.server.resetHandlers());

const ref = parseProjectRef(`https://github.com/orgs/${PROJECT.owner}/projects/${PROJECT.number}`);
const report = (values: Record<string, number | null>, period = "2026-W48") =>
  fixtureReport({
    audience: "ceo",
    period,
    values,
    headline: ["runway", "net-burn", "conversion", "cash"],
    summary: ["3 findings (1 critical), 2 actions.", "Ask @someone about #12."],
  }) as unknown as StatusReport;

describe("status verdict", () => {
  it("ON_TRACK when every headline target is met; AT_RISK on a lesser miss or a missing KPI; OFF_TRACK when the first or half miss", () => {
    expect(projectStatusOf(report({ runway: 14, "net-burn": -10, conversion: 3, cash: 5 })).status).toBe("ON_TRACK");
    const atRisk = projectStatusOf(report({ runway: 14, "net-burn": -10, conversion: 1, cash: 5 }));
    expect(atRisk).toEqual({ status: "AT_RISK", reasons: ["Site conversion: 1% against a target of ≥ 2%"] });
    expect(projectStatusOf(report({ runway: 14, "net-burn": -10, conversion: null, cash: 5 })).status).toBe("AT_RISK");
    expect(projectStatusOf(report({ runway: 9, "net-burn": -10, conversion: 3, cash: 5 })).status).toBe("OFF_TRACK");
    expect(projectStatusOf(report({ runway: 14, "net-burn": 500, conversion: 1, cash: 5 })).status).toBe("OFF_TRACK");
    // The role's headline, when given, decides which KPIs count.
    expect(projectStatusOf(report({ runway: 9, "net-burn": -10, conversion: 3, cash: 5 }), ["cash", "conversion"]).status).toBe("ON_TRACK");
  });

  it("the body: verdict, summary, headline KPIs, link and marker; no mention or reference that notifies", () => {
    const r = report({ runway: 9, "net-burn": -10, conversion: 3, cash: 5 });
    const body = statusBody(r, projectStatusOf(r), { link: "https://example.test/site/2026-W48/ceo.html" });
    expect(body).toContain("**CEO report · 2026-W48: off track**");
    expect(body).toContain("| Runway | 9 mo (off target) | ≥ 12 mo |");
    expect(body).toContain("Ask @\u200dsomeone about #\u200d12.");
    expect(body).toContain("[The full report](https://example.test/site/2026-W48/ceo.html)");
    expect(body.endsWith(statusMarker("ceo.2026-W48"))).toBe(true);
  });
});

describe("postStatusUpdate (GraphQL createProjectV2StatusUpdate)", () => {
  it("creates one update per report, edits it when the same report is posted again, and leaves it when nothing changed", async () => {
    const client = testClient();
    const first = await postStatusUpdate(client, ref, report({ runway: 14, "net-burn": -10, conversion: 1, cash: 5 }));
    expect(first).toMatchObject({ action: "created", status: "AT_RISK" });
    expect(calls.find((c) => c.op === "CreateProjectStatusUpdate")!.variables).toMatchObject({ project: PROJECT.id, status: "AT_RISK" });
    const again = await postStatusUpdate(client, ref, report({ runway: 14, "net-burn": -10, conversion: 1, cash: 5 }));
    expect(again).toMatchObject({ action: "unchanged", id: updates[0]!.id });
    const restated = await postStatusUpdate(client, ref, report({ runway: 14, "net-burn": -10, conversion: 3, cash: 5 }));
    expect(restated).toMatchObject({ action: "updated", status: "ON_TRACK", id: updates[0]!.id });
    expect(updates).toHaveLength(1);
    const next = await postStatusUpdate(client, ref, report({ runway: 9, "net-burn": -10, conversion: 3, cash: 5 }, "2026-W49"));
    expect(next).toMatchObject({ action: "created", status: "OFF_TRACK" });
    expect(updates.map((u) => u.status)).toEqual(["ON_TRACK", "OFF_TRACK"]);
  });

  it("a token that cannot reach Projects, or a wrong project number, gives one warning and posts nothing", async () => {
    access = "forbidden";
    const r = await postStatusUpdate(testClient(), ref, report({ runway: 14 }));
    expect(r).toMatchObject({ action: "failed" });
    expect(r.action === "failed" && r.warning).toMatch(/Resource not accessible by integration.*classic PAT with the `project` scope/);
    access = "ok";
    const wrong = await postStatusUpdate(testClient(), parseProjectRef(`${PROJECT.owner}/99`), report({ runway: 14 }));
    expect(wrong.action === "failed" && wrong.warning).toMatch(/Could not resolve to a ProjectV2 with the number 99/);
    expect(calls.filter((c) => c.op !== "ProjectStatusUpdates")).toEqual([]);
  });
});
