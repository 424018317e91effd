import { describe, expect, it } from "vitest";
import { visible, visibleLine, visibleLines } from "./visible.js";

describe("visible", () => {
  it("escapes what a terminal acts on: C0 but tab and LF, DEL, C1, bidi controls, separators", () => {
    expect(visible("a\u001b[31mred\u001b[0m")).toBe("a\\u001b[31mred\\u001b[0m");
    expect(visible("over\rwrite")).toBe("over\\rwrite");
    expect(visible("bell\u0007 nul\u0000 del\u007f csi\u009b31m nel\u0085")).toBe(
      "bell\\u0007 nul\\u0000 del\\u007f csi\\u009b31m nel\\u0085",
    );
    expect(visible("\u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c")).toBe(
      "\\u202eevil\\u202c \\u2066iso\\u2069 \\u200e\\u200f\\u061c",
    );
    expect(visible("line\u2028sep\u2029para")).toBe("line\\u2028sep\\u2029para");
  });

  it("keeps tab, LF and every printable character as they are", () => {
    const text = "tab\there\nnaïve café — 日本語 🚀 e\u0301 \u200b \u00a0 %0A \\u001b";
    expect(visible(text)).toBe(text);
  });

  it("visibleLine escapes LF too, so the text stays on one line", () => {
    expect(visibleLine("first\nsecond\r\nthird")).toBe("first\\nsecond\\r\\nthird");
    expect(visibleLine("tab\tstays")).toBe("tab\tstays");
  });

  it("visibleLines keeps a CR that ends a line before its LF, and escapes the rest", () => {
    expect(visibleLines("a\r\nb\rc\u202ed\n")).toBe("a\r\nb\\rc\\u202ed\n");
  });
});
