/** Loads the mustache templates and stylesheet once; the version is a hash of their contents. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Role } from "../config/schema.js";

export interface Templates {
  roles: Record<Role, string>;
  partials: Record<string, string>;
  text: string;
  markdown: string;
  card: string;
  css: string;
  version: string;
}

/** The templates/ folder: found by walking up from this module (works from src/ and from the bundled dist/). */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const t = path.join(dir, "templates");
    if (existsSync(path.join(t, "email.css"))) return t;
    dir = path.dirname(dir);
  }
  throw new Error("templates/ not found beside the code; reinstall exec-reports");
}

let cached: Templates | undefined;

export function loadTemplates(dir = templatesDir()): Templates {
  if (cached && dir === templatesDir()) return cached;
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const hash = createHash("sha256");
  const partials: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, "partials")).sort()) {
    partials[f.replace(/\.mustache$/, "")] = read(path.join("partials", f));
  }
  const roles = Object.fromEntries((["ceo", "cto", "cfo", "cmo", "accounting"] as Role[]).map((r) => [r, read(path.join("roles", `${r}.mustache`))])) as Record<Role, string>;
  const t: Templates = { roles, partials, text: read("report.txt.mustache"), markdown: read("report.md.mustache"), card: read("card.md.mustache"), css: read("email.css"), version: "" };
  for (const s of [...Object.values(roles), ...Object.values(partials), t.text, t.markdown, t.card, t.css]) hash.update(s);
  t.version = hash.digest("hex").slice(0, 12);
  if (dir === templatesDir()) cached = t;
  return t;
}
