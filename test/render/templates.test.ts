/** Template compilation (partials expanded, CSS inlined once) and the escapers each output uses. */

import Mustache from "mustache";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown } from "../../src/render/escape.js";
import { renderReport } from "../../src/render/render.js";
import { expandPartials, inlineTemplate, loadTemplates } from "../../src/render/templates.js";
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
