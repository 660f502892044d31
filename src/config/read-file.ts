/**
 * Reads one data file safely: only a regular file (a FIFO or a device is refused without blocking), only up to
 * MAX_FILE_BYTES, and only UTF-8 text (a UTF-16/32 file, invalid UTF-8 or a NUL byte is named with its line).
 */

import type { Stats } from "node:fs";
import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";
import { MAX_FILE_BYTES } from "./limits.js";

export type ReadResult = { ok: true; text: string } | { ok: false; absent: true } | { ok: false; absent?: false; issue: string };

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** What a non-regular file is, for the message. */
function kindOf(s: Stats): string {
  if (s.isDirectory()) return "a folder";
  if (s.isFIFO()) return "a named pipe (FIFO)";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/**
 * Reads `file`; `absent` when it does not exist. Every problem is one line `file:line (what): … — expected … (fix)`.
 * `dataDir` names the --data folder when the path fails because that folder is a file.
 */
export async function readDataFile(file: string, dataDir?: string): Promise<ReadResult> {
  let s: Stats;
  try {
    s = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, absent: true };
    if (code === "ENOTDIR" && dataDir)
      return { ok: false, issue: `--data ${dataDir}: a file, not a folder — expected the folder that holds portfolio.yaml` };
    return { ok: false, issue: `${file}:1 (file): cannot be read (${code ?? String(e)}) — expected a readable file` };
  }
  if (!s.isFile()) return { ok: false, issue: `${file}:1 (file): ${kindOf(s)} — expected a regular file (replace it with a YAML file)` };
  if (s.size > MAX_FILE_BYTES) return { ok: false, issue: tooLarge(file, s.size) };
  let buf: Buffer;
  try {
    // O_NONBLOCK: a file swapped for a FIFO after the stat still cannot block the open.
    const h = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const again = await h.stat();
      if (!again.isFile()) return { ok: false, issue: `${file}:1 (file): ${kindOf(again)} — expected a regular file` };
      buf = Buffer.alloc(Math.min(again.size, MAX_FILE_BYTES) + 1);
      let n = 0;
      for (;;) {
        const { bytesRead } = await h.read(buf, n, buf.length - n, n);
        if (bytesRead === 0) break;
        n += bytesRead;
        if (n === buf.length) break;
      }
      if (n > MAX_FILE_BYTES) return { ok: false, issue: tooLarge(file, n) };
      buf = buf.subarray(0, n);
    } finally {
      await h.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, issue: `${file}:1 (file): cannot be read (${code ?? String(e)}) — expected a readable file` };
  }
  const decoded = decodeUtf8(buf);
  if (!decoded.ok) return { ok: false, issue: `${file}:${decoded.line} (encoding): ${decoded.problem}` };
  return { ok: true, text: decoded.text };
}

function tooLarge(file: string, size: number): string {
  return `${file}:1 (file): ${mib(size)} — expected at most ${mib(MAX_FILE_BYTES)} (split the data or archive old rows)`;
}

const RESAVE = "re-save the file as UTF-8";

/** UTF-8 text, or what is wrong with the bytes and on which line. A UTF-8 byte-order mark is dropped. */
export function decodeUtf8(buf: Buffer): { ok: true; text: string } | { ok: false; line: number; problem: string } {
  const bom = (...b: number[]) => b.every((x, i) => buf[i] === x);
  if (bom(0xff, 0xfe, 0, 0)) return { ok: false, line: 1, problem: `UTF-32 LE (byte-order mark FF FE 00 00) — expected UTF-8 (${RESAVE})` };
  if (bom(0, 0, 0xfe, 0xff)) return { ok: false, line: 1, problem: `UTF-32 BE (byte-order mark 00 00 FE FF) — expected UTF-8 (${RESAVE})` };
  if (bom(0xff, 0xfe)) return { ok: false, line: 1, problem: `UTF-16 LE (byte-order mark FF FE) — expected UTF-8 (${RESAVE})` };
  if (bom(0xfe, 0xff)) return { ok: false, line: 1, problem: `UTF-16 BE (byte-order mark FE FF) — expected UTF-8 (${RESAVE})` };
  const start = bom(0xef, 0xbb, 0xbf) ? 3 : 0;
  const nul = buf.indexOf(0, start);
  if (nul >= 0) {
    // Text with a NUL every other byte is UTF-16 without a byte-order mark.
    const sample = buf.subarray(start, Math.min(buf.length, start + 200));
    const nuls = sample.filter((b) => b === 0).length;
    const utf16 = sample.length >= 4 && nuls >= sample.length / 3;
    return {
      ok: false,
      line: lineAt(buf, nul),
      problem: utf16
        ? `UTF-16 without a byte-order mark (NUL every other byte) — expected UTF-8 (${RESAVE})`
        : `NUL byte at column ${nul - lineStart(buf, nul) + 1} — expected text (remove it; the file may be binary)`,
    };
  }
  const bad = invalidUtf8At(buf, start);
  if (bad >= 0)
    return {
      ok: false,
      line: lineAt(buf, bad),
      problem: `invalid UTF-8 byte 0x${buf[bad]!.toString(16).toUpperCase().padStart(2, "0")} at column ${bad - lineStart(buf, bad) + 1} — expected UTF-8 (${RESAVE}; Latin-1 or Windows-1252 text looks like this)`,
    };
  return { ok: true, text: buf.toString("utf8", start) };
}

function lineAt(buf: Buffer, at: number): number {
  let line = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < at; i = buf.indexOf(10, i + 1)) line++;
  return line;
}

function lineStart(buf: Buffer, at: number): number {
  return buf.lastIndexOf(10, at - 1) + 1;
}

/** Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or -1. */
export function invalidUtf8At(b: Uint8Array, from = 0): number {
  let i = from;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}
