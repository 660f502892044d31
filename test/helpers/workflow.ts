/** A GitHub Actions workflow as the workflow tests read it: the fields they check, parsed with `yaml`. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { ROOT } from "./sample.js";

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  id?: string;
}

export interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  steps: Step[];
}

export interface Workflow {
  on: Record<string, any>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

/** A repository file's text, by path from the repository root. */
export const readRepoFile = (f: string) => readFile(path.join(ROOT, f), "utf8");

/** A workflow file, parsed. */
export const readWorkflow = async (f: string) => parse(await readRepoFile(f)) as Workflow;
