import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText, findInvalidUtf8, LineIndex } from "../src/text.js";

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

describe("findInvalidUtf8", () => {
  it("agrees with a strict UTF-8 decoder on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const problem = findInvalidUtf8(bytes);
        let valid = true;
        try {
          strictDecoder.decode(bytes);
        } catch {
          valid = false;
        }
        expect(problem === undefined).toBe(valid);
        if (problem) {
          // Everything before the reported index is valid UTF-8, as Rust's valid_up_to promises.
          expect(() => strictDecoder.decode(bytes.subarray(0, problem.byteIndex))).not.toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts any valid string's encoding", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(findInvalidUtf8(new TextEncoder().encode(text))).toBeUndefined();
      }),
    );
  });

  it("words errors like Rust's Utf8Error", () => {
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xe9, 0x62]))?.message).toBe(
      "invalid utf-8 sequence of 1 bytes from index 1",
    );
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))?.message).toBe(
      "incomplete utf-8 byte sequence from index 1",
    );
    expect(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))?.message).toBe(
      "invalid utf-8 sequence of 1 bytes from index 0",
    );
    expect(findInvalidUtf8(new Uint8Array([0xe2, 0x82, 0x41]))?.message).toBe(
      "invalid utf-8 sequence of 2 bytes from index 0",
    );
  });
});

describe("decodeText", () => {
  it("keeps a UTF-8 byte-order mark visible", () => {
    const decoded = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x2d]));
    expect(decoded.hasBom).toBe(true);
    expect(decoded.text).toBe("\uFEFF-");
  });

  it("recognises UTF-16", () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x2d, 0x00])).utf16).toBe(true);
  });
});

describe("LineIndex", () => {
  it("maps offsets and positions both ways for any mix of line endings", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "é", "\n", "\r\n", "\r", "🔒", " ")), (parts) => {
        const text = parts.join("");
        const index = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset++) {
          const position = index.positionAt(offset);
          const back = index.offsetAt(position);
          // An offset inside a CRLF pair maps to the same line; everything else round-trips.
          if (!(text[offset - 1] === "\r" && text[offset] === "\n")) expect(back).toBe(offset);
        }
      }),
    );
  });

  it("gives each line's text without its ending, also after releasing the split lines", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "é", "\n", "\r\n", "\r", " ")), (parts) => {
        const text = parts.join("");
        const index = new LineIndex(text);
        const expected = text.split(/\r\n|\n|\r/);
        expect(index.lineCount).toBe(expected.length);
        for (let line = 1; line <= index.lineCount; line++) {
          const start = index.offsetAt({ line, column: 1 });
          expect(index.lineText(line)).toBe(expected[line - 1]);
          expect(text.startsWith(index.lineText(line), start)).toBe(true);
        }
        index.releaseLineTexts();
        expect(index.lineText(index.lineCount)).toBe(expected.at(-1));
        expect(index.lineText(index.lineCount + 1)).toBe("");
      }),
    );
  });

  it("gives 1-based lines and columns", () => {
    const index = new LineIndex("ab\r\ncd\ne");
    expect(index.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(index.positionAt(4)).toEqual({ line: 2, column: 1 });
    expect(index.positionAt(8)).toEqual({ line: 3, column: 2 });
    expect(index.lineText(1)).toBe("ab");
    expect(index.lineCount).toBe(3);
  });
});
