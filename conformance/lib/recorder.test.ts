import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { casesDirOf, listCases } from "./corpus.js";
import { DOMAINS } from "./domains.js";
import { parseSelection } from "./record-cli.js";
import {
  changedFields,
  type DomainReport,
  describeReport,
  recorderCommand,
  renderOutput,
  replacePaths,
} from "./recorder.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-recorder-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("renderOutput", () => {
  const path = join(scratch, "verdicts.json");

  it("writes the header first and the cases sorted by id, each as the domain built it", () => {
    const text = renderOutput(
      path,
      "1.2.3",
      recorderCommand("hooks"),
      { probeCommand: "echo" },
      {
        b: { z: 1, a: 2 },
        a: { list: [3, 1] },
        "a-b": {},
      },
    );
    expect(text).toBe(
      [
        "{",
        '  "codexVersion": "1.2.3",',
        '  "recorder": "node conformance/record.mjs hooks",',
        '  "probeCommand": "echo",',
        '  "cases": {',
        '    "a": {',
        '      "list": [3, 1]',
        "    },",
        '    "a-b": {},',
        '    "b": {',
        '      "z": 1,',
        '      "a": 2',
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("gives the same bytes whatever order the cases came in", () => {
    const cases = Object.fromEntries(["B", "a", "Z", "é", "a-b", "a_b"].map((id) => [id, { id }]));
    const reversed = Object.fromEntries(Object.entries(cases).reverse());
    const one = renderOutput(path, "1.2.3", "r", {}, cases);
    expect(renderOutput(path, "1.2.3", "r", {}, reversed)).toBe(one);
    // Code-unit order, not the locale's.
    expect(Object.keys(JSON.parse(one).cases)).toEqual(["B", "Z", "a", "a-b", "a_b", "é"]);
  });
});

describe("what a recording changed", () => {
  it("names the top-level fields that differ", () => {
    expect(changedFields({ a: 1, b: [1], c: "x" }, { a: 1, b: [2], d: "y" })).toEqual([
      "b",
      "c",
      "d",
    ]);
    expect(changedFields({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    expect(changedFields([1], [2])).toEqual(["*"]);
  });

  it("is told per file, one line per changed, added or removed case", () => {
    const report: DomainReport = {
      domain: "config",
      cases: 3,
      outputs: [
        {
          file: "conformance/config/verdicts.json",
          changed: [{ id: "unknown-key", fields: ["stderr", "warnings"] }],
          added: ["new-case"],
          removed: [],
          differs: true,
        },
      ],
    };
    expect(describeReport(report)).toEqual([
      "conformance/config/verdicts.json: 3 cases, 1 changed, 1 added (differs)",
      "  changed unknown-key: stderr, warnings",
      "  added new-case",
    ]);
  });

  it("names the case-folder files a recording changed", () => {
    const report: DomainReport = {
      domain: "mock",
      cases: 2,
      outputs: [],
      caseFiles: [{ id: "parallel-commands", files: ["stdout"] }],
    };
    expect(describeReport(report)).toEqual([
      "case files: 1 cases changed (differs)",
      "  changed parallel-commands: stdout",
    ]);
  });
});

describe("replacePaths", () => {
  it("replaces run paths and timestamps", () => {
    expect(
      replacePaths("2026-01-02T03:04:05.123456Z /runs/p/x and /runs/h", [
        ["/runs/p", "<project>"],
        ["/runs/h", "<home>"],
      ]),
    ).toBe("<ts> <project>/x and <home>");
  });
});

describe("the domains", () => {
  it("are the conformance folders with cases, each case with a description", () => {
    expect(DOMAINS.map((domain) => domain.name)).toEqual([
      "skills",
      "config",
      "hooks",
      "schema",
      "mentions",
      "mock",
      "context",
      "sandbox",
      "auth",
      "doctor",
    ]);
    for (const domain of DOMAINS) {
      const cases = listCases(casesDirOf(domain.name));
      expect(cases.length, domain.name).toBeGreaterThan(5);
      for (const corpusCase of cases) domain.validate?.(corpusCase);
    }
  });

  it("are selected by name, or by name and case id", () => {
    expect(parseSelection([]).map((s) => s.domain)).toEqual([
      "skills",
      "config",
      "hooks",
      "schema",
      "mentions",
      "mock",
      "context",
      "sandbox",
      "auth",
      "doctor",
    ]);
    expect(parseSelection(["hooks/b", "skills", "hooks/a"])).toEqual([
      { domain: "skills", only: [] },
      { domain: "hooks", only: ["b", "a"] },
    ]);
    expect(parseSelection(["hooks/a", "hooks"])).toEqual([{ domain: "hooks", only: [] }]);
    expect(() => parseSelection(["nope"])).toThrow(/no conformance domain "nope"/);
  });
});
