/** Reading a data file: encodings named with their line, only regular files, a size limit. */
import { describe, expect, it } from "vitest";
import { decodeUtf8, invalidUtf8At } from "../../src/config/read-file.js";

describe("decodeUtf8", () => {
  it("drops a UTF-8 byte-order mark and accepts every valid sequence", () => {
    expect(decodeUtf8(Buffer.from("\ufeffa: é € 😀\n"))).toEqual({ ok: true, text: "a: é € 😀\n" });
  });

  it("finds overlongs, surrogates, stray continuation bytes and code points past U+10FFFF", () => {
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
    ])
      expect(invalidUtf8At(Uint8Array.from([0x61, ...bad])), bad.join(" ")).toBe(1);
    expect(invalidUtf8At(Buffer.from("plain ascii and é"))).toBe(-1);
  });

  it("names the line of a NUL byte and of an invalid byte", () => {
    expect(decodeUtf8(Buffer.from("a\nb\nc\0"))).toMatchObject({ ok: false, line: 3 });
    expect(decodeUtf8(Buffer.concat([Buffer.from("a\nb\n"), Buffer.from([0xff])]))).toMatchObject({ ok: false, line: 3 });
  });
});
