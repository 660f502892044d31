/**
 * Loads the mustache templates and stylesheet once, and compiles each role's email template: partials
 * expanded, CSS inlined by juice, unused classes dropped. Inlining the template (juice leaves `{{…}}` alone)
 * instead of every rendered message keeps a render to mustache alone: about 1 ms instead of 30–50 ms.
 * The version is a hash of the sources.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import juice from "juice";
import { FORMATS, type ReportFormat } from "../analyse/report.js";
import type { Role } from "../config/schema.js";

export interface Templates {
  /** A role's email template in a format, CSS already inlined (compiled on first use): render with no partials. */
  email(role: Role, format?: ReportFormat): string;
  /** Plain-text template of a format. */
  text(format?: ReportFormat): string;
  /** Markdown template of a format. */
  markdown(format?: ReportFormat): string;
  card: string;
  css: string;
  version: string;
  /** Every email layout inlined, for templates/compiled.json (scripts/bundle.ts). */
  compiledAll(): CompiledTemplates;
}

let foundDir: string | undefined;

/** The templates/ folder: found by walking up from this module (works from src/ and from the bundled dist/). */
export function templatesDir(): string {
  if (foundDir) return foundDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const t = path.join(dir, "templates");
    if (existsSync(path.join(t, "email.css"))) return (foundDir = t);
    dir = path.dirname(dir);
  }
  throw new Error("templates/ not found beside the code; reinstall exec-reports");
}

/** Replaces `{{> name}}` with the partial's text, recursively; the stylesheet is the partial `css`. */
export function expandPartials(template: string, partials: Record<string, string>, depth = 0): string {
  if (depth > 10) throw new Error("templates: partials nest more than 10 deep (a partial includes itself?)");
  return template.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_, name: string) => {
    const p = partials[name];
    if (p === undefined) throw new Error(`templates: partial "${name}" not found in templates/partials/`);
    // A partial file's final newline is the file's, not the partial's: inside a cell it would be stray bytes.
    return expandPartials(p.replace(/\n$/, ""), partials, depth + 1);
  });
}

/** Inlines the stylesheet into an expanded template and trims what inlining leaves behind. */
export function inlineTemplate(expanded: string): string {
  const inlined = juice(expanded, {
    removeStyleTags: true,
    preserveMediaQueries: true,
    preserveFontFaces: false,
    preserveImportant: false,
    applyWidthAttributes: true,
    applyAttributesTableElements: true,
    inlinePseudoElements: false,
  });
  // The <style> left holds only the @media blocks; a class no media query names is dead weight.
  const kept = [...inlined.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join("\n");
  const used = new Set([...kept.matchAll(/\.([A-Za-z][\w-]*)/g)].map((m) => m[1]!));
  return inlined
    .replace(/<style([^>]*)>([\s\S]*?)<\/style>/g, (_, attrs: string, css: string) => `<style${attrs}>${minifyCss(css)}</style>`)
    .replace(/\sclass="([^"{}]*)"/g, (_, list: string) => {
      const keep = list.split(/\s+/).filter((c) => used.has(c));
      return keep.length ? ` class="${keep.join(" ")}"` : "";
    })
    .replace(/\sstyle="([^"]*)"/g, (_, css: string) => ` style="${css.replace(/\s*([:;])\s*/g, "$1").replace(/;$/, "")}"`)
    .replace(/\n{2,}/g, "\n");
}

function minifyCss(css: string): string {
  return css
    .replace(/\s+/g, " ")
    .replace(/\s*([{}:;,])\s*/g, "$1")
    .replace(/;}/g, "}")
    .trim();
}

let cached: Templates | undefined;

/** The inlined email layouts of a templates folder, keyed by format (or full|<role>), for its version. */
export interface CompiledTemplates {
  version: string;
  email: Record<string, string>;
}

/** Written by `npm run bundle` beside the templates it was made from. */
export const COMPILED_FILE = "compiled.json";

/** The folder's precompiled layouts when they were made from these templates (same version), else none. */
function readCompiled(dir: string, version: string): Record<string, string> {
  try {
    const j = JSON.parse(readFileSync(path.join(dir, COMPILED_FILE), "utf8")) as Partial<CompiledTemplates>;
    if (j.version !== version || !j.email || typeof j.email !== "object") return {};
    return Object.fromEntries(Object.entries(j.email).filter(([, v]) => typeof v === "string"));
  } catch {
    return {};
  }
}

/**
 * Reads templates/ (cached for the default folder) and compiles the role email templates, starting from the folder's
 * compiled.json when it matches; `precompiled: false` ignores it (how `npm run bundle` makes it afresh).
 */
export function loadTemplates(dir?: string, o: { precompiled?: boolean } = {}): Templates {
  const usePrecompiled = o.precompiled ?? true;
  if (cached && dir === undefined && usePrecompiled) return cached;
  const isDefault = (dir === undefined || dir === templatesDir()) && usePrecompiled;
  dir ??= templatesDir();
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const hash = createHash("sha256");
  const partials: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, "partials")).sort()) {
    if (f.endsWith(".mustache")) partials[f.replace(/\.mustache$/, "")] = read(path.join("partials", f));
  }
  const css = read("email.css");
  partials.css = css;
  // One email layout per format for every role; a role that needs its own full layout puts
  // templates/roles/<role>.mustache beside it.
  const file = (f: ReportFormat, ext: string) => `${f === "full" ? "report" : f}.${ext}.mustache`;
  const layouts = Object.fromEntries(FORMATS.map((f) => [f, read(file(f, "html"))])) as Record<ReportFormat, string>;
  const texts = Object.fromEntries(FORMATS.map((f) => [f, read(file(f, "txt"))])) as Record<ReportFormat, string>;
  const markdowns = Object.fromEntries(FORMATS.map((f) => [f, read(file(f, "md"))])) as Record<ReportFormat, string>;
  const rolesDir = path.join(dir, "roles");
  const roles: Record<string, string> = {};
  if (existsSync(rolesDir)) {
    for (const f of readdirSync(rolesDir).sort())
      if (f.endsWith(".mustache")) roles[f.replace(/\.mustache$/, "")] = read(path.join("roles", f));
  }
  const card = read("card.md.mustache");
  for (const s of [
    ...Object.values(layouts),
    ...Object.entries(roles).flat(),
    ...Object.entries(partials).flat(),
    ...Object.values(texts),
    ...Object.values(markdowns),
    card,
  ])
    hash.update(s);
  // Text and Markdown share small partials (an action line, the links); expanded once here.
  const expanded = new Map<string, string>();
  for (const f of FORMATS) {
    expanded.set(`txt|${f}`, expandPartials(texts[f], partials));
    expanded.set(`md|${f}`, expandPartials(markdowns[f], partials));
  }
  const version = hash.digest("hex").slice(0, 12);
  // Inlining is the slow part (juice: about 370 ms for the full layout in a fresh process); `npm run bundle` writes the
  // inlined layouts to templates/compiled.json, used while the templates are those it was made from.
  const compiled = new Map<string, string>(usePrecompiled ? Object.entries(readCompiled(dir, version)) : []);
  const keyOf = (role: Role, format: ReportFormat) => (format === "full" && roles[role] !== undefined ? `full|${role}` : format);
  const layoutOf = (key: string) => (key.startsWith("full|") ? roles[key.slice(5)]! : layouts[key as ReportFormat]);
  const compile = (key: string) => {
    let c = compiled.get(key);
    if (c === undefined) compiled.set(key, (c = inlineTemplate(expandPartials(layoutOf(key), partials))));
    return c;
  };
  const t: Templates = {
    // Keyed by layout, not role: roles without a layout of their own share one inlined template (juice runs once).
    email: (role, format = "full") => compile(keyOf(role, format)),
    text: (f = "full") => expanded.get(`txt|${f}`) ?? texts[f],
    markdown: (f = "full") => expanded.get(`md|${f}`) ?? markdowns[f],
    card,
    css,
    version,
    compiledAll: () => ({
      version,
      email: Object.fromEntries([...FORMATS, ...Object.keys(roles).map((r) => `full|${r}`)].map((k) => [k, compile(k)])),
    }),
  };
  if (isDefault) cached = t;
  return t;
}
