/** Template compilation (partials expanded, CSS inlined once) and the escapers each output uses. */

import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Mustache from "mustache";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown } from "../../src/render/escape.js";
import { renderReport } from "../../src/render/render.js";
import {
  COMPILED_FILE,
  type CompiledTemplates,
  expandPartials,
  inlineTemplate,
  loadTemplates,
  templatesDir,
} from "../../src/render/templates.js";
import { formatDelta, formatValue } from "../../src/shared/format.js";
import { fixtureReport } from "./fixture.js";

describe("expandPartials", () => {
  it("inlines partials recursively and names a missing one", () => {
    expect(expandPartials("a{{> x}}c", { x: "[{{> y}}]", y: "b" })).toBe("a[b]c");
    expect(() => expandPartials("{{> nope}}", {})).toThrow(/partial "nope" not found/);
    expect(() => expandPartials("{{> self}}", { self: "{{> self}}" })).toThrow(/nest more than 10/);
  });
});

describe("inlineTemplate", () => {
  const css = ".a { color: red; } .b { color: blue; } @media (prefers-color-scheme: dark) { .b { color: white !important; } }";
  const compiled = inlineTemplate(
    `<html><head><style>${css}</style></head><body><table>{{#rows}}<tr><td class="a b">{{text}}</td></tr>{{/rows}}</table><a class="a" href="{{url}}">x</a></body></html>`,
  );

  it("inlines rules, keeps mustache tags (even between table rows) and keeps only media-query classes", () => {
    expect(compiled).toContain('<td class="b" style="color:blue">{{text}}</td>');
    expect(compiled).toContain("{{#rows}}<tr>");
    expect(compiled).toContain('<a href="{{url}}" style="color:red">');
    expect(compiled).toMatch(/<style>@media \(prefers-color-scheme:dark\)\{\.b\{color:white !important\}\}<\/style>/);
  });

  it("renders data into the compiled template like the uncompiled one", () => {
    expect(Mustache.render(compiled, { rows: [{ text: "<x>" }], url: "https://example.com/" }, {}, { escape: escapeHtml })).toContain(
      '<td class="b" style="color:blue">&lt;x&gt;</td>',
    );
  });
});

describe("loadTemplates", () => {
  it("has a stable version and compiles every role once", () => {
    const t = loadTemplates();
    expect(t.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loadTemplates().version).toBe(t.version);
    expect(t.email("cfo")).toBe(t.email("cfo"));
    expect(t.email("cfo")).not.toMatch(/\{\{>/);
    expect(renderReport(fixtureReport()).templateVersion).toBe(t.version);
  });
});

describe("templates/compiled.json", () => {
  it("is current: the inlined layouts npm run bundle wrote are what the templates compile to now", () => {
    const committed = JSON.parse(readFileSync(path.join(templatesDir(), COMPILED_FILE), "utf8")) as CompiledTemplates;
    const fresh = loadTemplates(templatesDir(), { precompiled: false }).compiledAll();
    // When this fails after a template, CSS or inlining change: run `npm run bundle` and commit templates/compiled.json.
    expect(committed.version).toBe(fresh.version);
    expect(committed.email).toEqual(fresh.email);
  });

  it("is used only for the templates it was made from: an edited copy compiles afresh", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "exec-templates-"));
    try {
      await cp(templatesDir(), dir, { recursive: true });
      const stale = JSON.parse(readFileSync(path.join(dir, COMPILED_FILE), "utf8")) as CompiledTemplates;
      await writeFile(path.join(dir, COMPILED_FILE), JSON.stringify({ ...stale, email: { full: "<p>precompiled {{title}}</p>" } }));
      expect(loadTemplates(dir).email("cfo")).toBe("<p>precompiled {{title}}</p>");
      const css = await readFile(path.join(dir, "email.css"), "utf8");
      await writeFile(path.join(dir, "email.css"), `${css}\n.edited { color: red; }\n`);
      const edited = loadTemplates(dir);
      expect(edited.version).not.toBe(stale.version);
      expect(edited.email("cfo")).toContain("<!DOCTYPE html>");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("escapers", () => {
  it("escapeHtml covers element content and quoted attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });

  it("escapeMarkdown escapes syntax, math dollars, newlines and pings", () => {
    expect(escapeMarkdown("*b* _i_ [l](u) <t> | $1 & #2 @me GH-3\nx")).toBe(
      "\\*b\\* \\_i\\_ \\[l\\]\\(u\\) \\<t\\> \\| \\$1 \\& \\#\u200d2 @\u200dme GH-\u200d3 x",
    );
  });
});

describe("format", () => {
  it("formats units and signed deltas", () => {
    expect(formatValue(1234.5, "usd")).toBe("$1,235");
    expect(formatValue(12.345, "usd")).toBe("$12.35");
    expect(formatValue(-400, "usd")).toBe("−$400");
    expect(formatValue(12.345, "pct")).toBe("12.35%");
    expect(formatValue(Number.MAX_SAFE_INTEGER, "months")).toBe("∞ (not burning)");
    expect(formatValue(null)).toBe("—");
    expect(formatDelta(-1.5, "months")).toBe("−1.5 mo");
    expect(formatDelta(0)).toBe("no change");
  });
});
