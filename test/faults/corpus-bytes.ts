/** Corpus cases: string limits, encodings, files (FIFO, size, rows, aliases), folders and flags. */
import { execFileSync } from "node:child_process";
import { mkdir, rm, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { append, type Case, canMount, fifo, replace, utf16, write } from "./corpus-helpers.js";

export const strings: Case[] = [
  {
    name: "a 1 MB entity name",
    edit: replace("portfolio.yaml", "name: Alpha Tours", `name: ${"A".repeat(1_000_000)}`),
    error: /^portfolio\.yaml:9 entities\[0\]\.name: "A+…" \(1000000 characters\) — expected at most 200 characters \(shorten it\)$/,
  },
  {
    name: "a description of 5,000 characters",
    edit: replace("portfolio.yaml", "description: Guided tours", `description: ${"x".repeat(5000)}`),
    error: /^portfolio\.yaml:\d+ entities\[0\]\.description: .* — expected at most 2000 characters/,
  },
  {
    name: "an id of 100 characters",
    edit: replace("assets.yaml", "id: a-van", `id: a-${"v".repeat(98)}`),
    error: /^assets\.yaml:2 assets\[0\]\.id: "a-v+" — expected a lower-case id of at most 64 characters$/,
  },
  {
    name: "a key of 300 characters",
    edit: append("pipeline.yaml", `${"k".repeat(300)}: 1\n`),
    error: /^pipeline\.yaml:\d+ \(top level\): a key of 300 characters — expected a field name/,
  },
  {
    name: "a memo of 10,000 characters",
    edit: replace("expenses.yaml", 'memo: "" }\n  - { id: e-2', `memo: "${"m".repeat(10_000)}" }\n  - { id: e-2`),
    error: /^expenses\.yaml:2 expenses\[0\]\.memo: .* — expected at most 2000 characters/,
  },
];

export const encodings: Case[] = [
  {
    name: "UTF-16 LE with a byte-order mark",
    edit: write("assets.yaml", utf16("assets: []\n")),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 LE \(byte-order mark FF FE\) — expected UTF-8 \(re-save the file as UTF-8\)$/,
  },
  {
    name: "UTF-16 BE with a byte-order mark",
    edit: write("assets.yaml", utf16("assets: []\n", true)),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 BE \(byte-order mark FE FF\) — expected UTF-8/,
  },
  {
    name: "UTF-32 LE",
    edit: write("assets.yaml", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from("a\0\0\0")])),
    error: /^assets\.yaml:1 \(encoding\): UTF-32 LE/,
  },
  {
    name: "UTF-16 without a byte-order mark",
    edit: write("assets.yaml", Buffer.from("assets: []\n", "utf16le")),
    error: /^assets\.yaml:1 \(encoding\): UTF-16 without a byte-order mark/,
  },
  {
    name: "Latin-1 text",
    edit: write("assets.yaml", Buffer.from("assets:\n  - { id: a-van, entity: alpha, kind: vehicle, name: Caf\xe9 van }\n", "latin1")),
    error: /^assets\.yaml:2 \(encoding\): invalid UTF-8 byte 0xE9 at column 57 — expected UTF-8/,
  },
  {
    name: "a NUL byte",
    edit: write("bank.yaml", Buffer.from("transactions: []\n# end\0\n")),
    error: /^bank\.yaml:2 \(encoding\): NUL byte at column 6 — expected text/,
  },
  {
    name: "a truncated multi-byte character",
    edit: write("kpis.yaml", Buffer.concat([Buffer.from("catalogue: []\n# \u00e9"), Buffer.from([0xe2, 0x82])])),
    error: /^kpis\.yaml:2 \(encoding\): invalid UTF-8 byte 0xE2/,
  },
  {
    name: "an overlong encoding",
    edit: write("kpis.yaml", Buffer.concat([Buffer.from("catalogue: []\n# "), Buffer.from([0xc0, 0xaf])])),
    error: /^kpis\.yaml:2 \(encoding\): invalid UTF-8 byte 0xC0/,
  },
];

export const files: Case[] = [
  {
    name: "portfolio.yaml is a FIFO (refused without blocking)",
    edit: fifo("portfolio.yaml"),
    error: /^portfolio\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "audiences.yaml is a FIFO (refused without blocking)",
    edit: fifo("audiences.yaml"),
    error: /^audiences\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "bank.yaml is a FIFO",
    edit: fifo("bank.yaml"),
    error: /^bank\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "bank.yaml is a folder",
    edit: async (d) => {
      await rm(path.join(d, "bank.yaml"));
      await mkdir(path.join(d, "bank.yaml"));
    },
    error: /^bank\.yaml:1 \(file\): a folder — expected a regular file/,
  },
  {
    name: "a file over the size limit",
    edit: async (d) => truncate(path.join(d, "expenses.yaml"), 17 * 1024 * 1024),
    error: /^expenses\.yaml:1 \(file\): 17\.0 MiB — expected at most 16\.0 MiB/,
  },
  {
    name: "a list over the row limit",
    edit: write(
      "metrics.yaml",
      `metrics:\n  - { entity: alpha, namespace: N, metric: M, dimension: D, stat: Sum, values: [${"0,".repeat(200_001)}0] }\n`,
    ),
    error: /^metrics\.yaml:2 metrics\[0\]\.values: 200002 rows — expected at most 200000/,
  },
  {
    name: "a YAML alias bomb",
    edit: write(
      "assets.yaml",
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nassets: []\n`,
    ),
    error:
      /^assets\.yaml:2 \(aliases\): aliases expanding to more than 10000 values or used more than 100 times \(a YAML alias bomb\?\) — expected plain data/,
  },
  {
    name: "an alias bomb inside a known list",
    edit: write(
      "repos.yaml",
      `x0: &a [f, f, f, f, f, f, f, f, f, f]\nx1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nrepos:\n  - { id: r, entity: alpha, trackedFiles: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b] }\n`,
    ),
    error: /^repos\.yaml:2 \(aliases\): aliases expanding to more than 10000 values/,
  },
  { name: "an alias to itself", edit: write("assets.yaml", "assets: &a [*a]\n"), error: /^assets\.yaml:1 \(aliases\): / },
  {
    name: "no portfolio.yaml",
    edit: async (d) => rm(path.join(d, "portfolio.yaml")),
    error: /^portfolio\.yaml:1 \(file\): missing — every data folder needs portfolio\.yaml/,
  },
  {
    name: "a symlink loop",
    edit: async (d) => {
      await rm(path.join(d, "bank.yaml"));
      await symlink("bank.yaml", path.join(d, "bank.yaml"));
    },
    error: /^bank\.yaml:1 \(file\): cannot be read \(ELOOP\)/,
  },
  {
    name: "dynamodb.yaml is a FIFO",
    edit: async (d) => void execFileSync("mkfifo", [path.join(d, "dynamodb.yaml")]),
    error: /^dynamodb\.yaml:1 \(file\): a named pipe \(FIFO\) — expected a regular file/,
  },
  {
    name: "audiences.yaml in UTF-16",
    edit: write("audiences.yaml", utf16("audiences: []\n")),
    error: /^audiences\.yaml:1 \(encoding\): UTF-16 LE/,
  },
  {
    name: "dynamodb.yaml in UTF-16",
    edit: write("dynamodb.yaml", utf16("tables: []\n")),
    error: /^dynamodb\.yaml:1 \(encoding\): UTF-16 LE/,
  },
];

export const flags: Case[] = [
  {
    name: "--data is a file",
    edit: async () => {},
    args: ["--data", "FILE"],
    error: /^--data .*portfolio\.yaml: a file, not a folder — expected the folder that holds portfolio\.yaml$/,
  },
  {
    name: "--data does not exist",
    args: ["--data", "NOWHERE"],
    error: /^--data .*nowhere: not found — expected the folder that holds portfolio\.yaml/,
  },
  {
    name: "--out is a file",
    via: "checkOutDir",
    out: "out-file",
    prepareOut: (r) => writeFile(path.join(r, "out-file"), "x"),
    error: /^--out .*out-file: a file, not a folder — expected a folder to write the reports in/,
  },
  {
    name: "--out under a file",
    via: "checkOutDir",
    out: "out-file/reports",
    prepareOut: (r) => writeFile(path.join(r, "out-file"), "x"),
    error: /^--out .*out-file\/reports: .*out-file is a file — expected a path whose parents are folders/,
  },
  {
    name: "--out on a read-only file system",
    via: "checkOutDir",
    out: "ro/out",
    skip: () => !canMount(),
    prepareOut: async (r) => {
      await mkdir(path.join(r, "ro"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", path.join(r, "ro")]);
    },
    error: /^--out .*ro\/out \(its nearest existing folder .*ro\): on a read-only file system — expected a writable folder/,
  },
  {
    name: "--out on a full file system",
    via: "checkOutDir",
    out: "tiny/out",
    skip: () => !canMount(),
    prepareOut: async (r) => {
      await mkdir(path.join(r, "tiny"));
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", path.join(r, "tiny")]);
    },
    error: /^--out .*tiny\/out: \d+ KiB free on its file system — expected at least 1024 KiB/,
  },
  { name: "bad --period", args: ["--period", "week 48"], error: /^--period "week 48"/ },
  { name: "week past the year's last", args: ["--period", "2026-W54"], error: /^--period "2026-W54"/ },
  { name: "week that does not exist", args: ["--period", "2025-W53"], error: /^--period "2025-W53": week 53 does not exist in 2025$/ },
  {
    name: "unknown --role",
    args: ["--role", "cfo,coo"],
    error: /^--role: no audience in .*audiences\.yaml has role "coo" — roles with audiences: ceo, cto, cfo, cmo, accounting$/,
  },
  {
    name: "unknown --audience",
    args: ["--audience", "cfo,acme"],
    error: /^--audience: "acme" not in .*audiences\.yaml — expected one of ceo, cto, cfo, cmo, accounting$/,
  },
  { name: "bad --mailer", args: ["--mailer", "smtp"], error: /^--mailer: "smtp" — expected one of ses, outbox$/ },
  {
    name: "bad sender in the environment",
    env: { SES_SENDER_EMAIL: "reports-at-example.com" },
    error: /^environment SES_SENDER_EMAIL: "reports-at-example\.com" — expected a verified SES sender/,
  },
  {
    name: "bad region in an env file",
    envFile: "AWS_REGION=Oregon\n",
    error: /^.*\.env:1 AWS_REGION: "Oregon" — expected an AWS region such as us-east-1$/,
  },
  {
    name: "bad override recipient",
    env: { RECIPIENT_EMAIL: "ceo@example.com;bob@" },
    error: /^environment RECIPIENT_EMAIL: "ceo@example\.com;bob@" — expected an email address/,
  },
  {
    name: "missing env file",
    args: ["--env-file", "/nonexistent/.env"],
    error: /^--env-file \/nonexistent\/\.env: cannot be read \(ENOENT\)$/,
  },
];
