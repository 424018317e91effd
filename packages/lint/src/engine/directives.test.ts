import { type Diagnostic, parseSkill, type Severity } from "@ops-skill/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeferredLintPlugin } from "../rule.js";
import { defineSkillRule } from "../rule.js";
import { applyDirectives, cannotSuppress, knownRuleIds, parseDirectives } from "./directives.js";

const PATH = "/skills/demo/SKILL.md";
const head = "---\nname: demo\ndescription: Checks pods. Use when on-call asks.\n---\n";
const skillOf = (text: string) => parseSkill(PATH, Buffer.from(text, "utf8"));
const parse = (text: string) =>
  parseDirectives(skillOf(text)).map((d) => ({
    kind: d.kind,
    ids: d.rules.map((r) => r.id),
    reason: d.reason,
    at: `${d.syntax}:${d.line}:${d.column}`,
  }));

describe("parseDirectives: where comments really are", () => {
  it("reads an HTML comment in the body: keyword, rule ids with positions, reason", () => {
    const text = `${head}# Demo\n<!-- ops-skill-disable-next-line ops/mutating-command, quality/placeholder-text -- approved in CHG-12 -->\nRun it.\n`;
    const [directive] = parseDirectives(skillOf(text));
    expect(directive).toMatchObject({
      kind: "disable-next-line",
      reason: "approved in CHG-12",
      syntax: "html",
      line: 6,
      column: 1,
      multiline: false,
    });
    expect(directive?.rules.map((r) => `${r.id}@${r.line}:${r.column}`)).toEqual([
      "ops/mutating-command@6:34",
      "quality/placeholder-text@6:56",
    ]);
    expect(text.slice(...(directive?.range ?? [0, 0]))).toBe(
      "<!-- ops-skill-disable-next-line ops/mutating-command, quality/placeholder-text -- approved in CHG-12 -->",
    );
  });

  it("reads comments after prose, several on a line, and in lists and quotes", () => {
    const text = `${head}Run it. <!-- ops-skill-disable-line a/b -- r1 --> and <!-- ops-skill-enable -->\n- item <!-- ops-skill-disable c/d -- r2 -->\n> <!-- ops-skill-disable e/f -- r3 -->\n`;
    expect(parse(text)).toEqual([
      { kind: "disable-line", ids: ["a/b"], reason: "r1", at: "html:5:9" },
      { kind: "enable", ids: [], reason: undefined, at: "html:5:55" },
      { kind: "disable", ids: ["c/d"], reason: "r2", at: "html:6:8" },
      { kind: "disable", ids: ["e/f"], reason: "r3", at: "html:7:3" },
    ]);
  });

  it("ignores fenced and indented code, a `#` line in a bash block included", () => {
    const text = `${head}# Demo\n\n\`\`\`bash\n# ops-skill-disable-next-line ops/mutating-command -- nope\n<!-- ops-skill-disable ops/mutating-command -- nope -->\nkubectl delete pod x\n\`\`\`\n\n~~~\n<!-- ops-skill-disable a/b -- c -->\n~~~\n\n    <!-- ops-skill-disable a/b -- indented code -->\n`;
    expect(parse(text)).toEqual([]);
  });

  it("ignores code spans, across lines too, and an escaped `<`", () => {
    const text = `${head}Write \`<!-- ops-skill-disable-next-line a/b -- why -->\` above the line.\nOr \`\`x <!-- ops-skill-disable a/b -- r --> \` y\`\`.\nA span \`that opens here\nand <!-- ops-skill-disable a/b -- inside the span -->\` closes.\nEscaped \\<!-- ops-skill-disable a/b -- r -->.\n`;
    expect(parse(text)).toEqual([]);
  });

  it("reads a comment after a backtick that never closes, and after a closed span", () => {
    const text = `${head}A lone \` backtick <!-- ops-skill-disable a/b -- r -->\n\n\`code\` <!-- ops-skill-disable c/d -- r -->\n`;
    expect(parse(text).map((d) => d.ids[0])).toEqual(["a/b", "c/d"]);
    // In one paragraph, the lone backtick pairs with the next line's: the comment is code.
    expect(parse(text.replace("\n\n`code`", "\n`code`")).map((d) => d.ids[0])).toEqual(["c/d"]);
  });

  it("a line opening with <!-- is an HTML block: an open backtick before it does not reach it", () => {
    const text = `${head}Text with a \` backtick\n<!-- ops-skill-disable a/b -- r --> \`\n`;
    expect(parse(text).map((d) => d.ids[0])).toEqual(["a/b"]);
  });

  it("reads YAML comments in the frontmatter, not `#` in strings or block scalars", () => {
    const text =
      '---\nname: Demo_Skill # ops-skill-disable-line spec/name-format -- legacy name\n# ops-skill-disable-next-line spec/unknown-field -- ours\nowner: "team # ops-skill-disable-line a/b -- in a string"\ndescription: |\n  Checks pods. # ops-skill-disable-line a/b -- in a block scalar\n  Use when asked.\n---\n# ops-skill-disable a/b -- a heading in the body\n';
    expect(parse(text)).toEqual([
      { kind: "disable-line", ids: ["spec/name-format"], reason: "legacy name", at: "yaml:2:18" },
      { kind: "disable-next-line", ids: ["spec/unknown-field"], reason: "ours", at: "yaml:3:1" },
    ]);
  });

  it("reads the YAML comment's position on CRLF lines", () => {
    const text =
      "---\r\nname: demo\r\n# ops-skill-disable-next-line a/b -- r\r\ndescription: x\r\n---\r\n";
    const [directive] = parseDirectives(skillOf(text));
    expect(directive).toMatchObject({ line: 3, column: 1, syntax: "yaml" });
    expect(text.slice(...(directive?.range ?? [0, 0]))).toBe(
      "# ops-skill-disable-next-line a/b -- r",
    );
  });

  it("reads a comment on line 1 of a file without frontmatter as the body's", () => {
    expect(parse(`<!-- ops-skill-disable -- x -->\n${head}`)).toEqual([
      { kind: "disable", ids: [], reason: "x", at: "html:1:1" },
    ]);
  });

  it("keeps the reason whole, and says which comments span lines or name no keyword we know", () => {
    const text = `${head}<!-- ops-skill-disable-next-line a/b -- reason -- with dashes -->\n<!-- ops-skill-disable-nextline a/b -- typo -->\n<!-- ops-skill-disable a/b\n  -- a reason on the next line -->\n<!-- a note on ops-skill-disable, not a directive -->\n`;
    const directives = parseDirectives(skillOf(text));
    expect(directives.map((d) => [d.kind, d.keyword, d.reason, d.multiline])).toEqual([
      ["disable-next-line", "disable-next-line", "reason -- with dashes", false],
      [undefined, "disable-nextline", "typo", false],
      ["disable", "disable", "a reason on the next line", true],
    ]);
  });

  it("reads a directive whose comment opens on a line of its own, as ESLint reads a block comment", () => {
    const text = `${head}# Demo\n\n<!--\nops-skill-disable-next-line a/b -- on the next line\n-->\nRun it.\n\n<!--\n  ops-skill-disable a/b -- a region\n-->\n`;
    const directives = parseDirectives(skillOf(text));
    expect(directives.map((d) => [d.kind, d.reason, d.multiline, d.line])).toEqual([
      ["disable-next-line", "on the next line", true, 7],
      ["disable", "a region", true, 12],
    ]);
  });

  it("costs one search for a file without ops-skill-", () => {
    const skill = skillOf(`${head}# Demo\n<!-- a comment -->\n`);
    expect(parseDirectives(skill)).toEqual([]);
  });
});

describe("parseDirectives on bad input", () => {
  const piece = fc.constantFrom(
    "<!--",
    "-->",
    " ops-skill-disable",
    " ops-skill-enable",
    "-next-line",
    " a/b",
    ", c/d",
    " -- ",
    "`",
    "``",
    "\\",
    "\n",
    "\n\n",
    "\r\n",
    "    ",
    "```\n",
    "# ",
    "---\n",
    "name: x",
    '"',
    "x",
  );

  it("finishes on any mix of comment, code and frontmatter pieces, with positions in the file", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        const skill = skillOf(text);
        for (const d of parseDirectives(skill)) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.range[0]).toBeLessThan(d.range[1]);
          expect(d.range[1]).toBeLessThanOrEqual(skill.text.length);
          expect(skill.text.slice(d.range[0]).startsWith(d.syntax === "html" ? "<!--" : "#")).toBe(
            true,
          );
          for (const rule of d.rules) expect(skill.text.slice(...rule.range)).toBe(rule.id);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reads a 2 MB paragraph of unclosed comments and unmatched backticks in one pass", () => {
    const runs = Array.from({ length: 1500 }, (_, i) => "`".repeat(i + 1)).join(" x ");
    const text = `${head}Text <!-- ops-skill-disable a/b -- r --> ${"<!-- ".repeat(300_000)}${runs}\n`;
    const started = performance.now();
    expect(parseDirectives(skillOf(text)).map((d) => d.rules[0]?.id)).toEqual(["a/b"]);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

const finding = (ruleId: string, line: number, severity: Severity = "warning", column = 1) =>
  ({
    ruleId,
    severity,
    message: ruleId,
    file: PATH,
    line,
    column,
    endLine: line,
    endColumn: column + 1,
  }) satisfies Diagnostic;

describe("applyDirectives", () => {
  const apply = (body: string, diagnostics: Diagnostic[]) => {
    const { kept, applied } = applyDirectives(
      parseDirectives(skillOf(`${head}${body}`)),
      diagnostics,
      PATH,
    );
    return {
      kept: kept.map((d) => `${d.ruleId}@${d.line}`),
      uses: applied.map((d) => (d.rules.length === 0 ? [d.enabledAll] : d.uses)),
    };
  };

  it("silences the named rule on the next line, the line, or the region, and counts each use", () => {
    const body = [
      "<!-- ops-skill-disable-next-line a/x, a/y -- r -->", // 5
      "line 6 <!-- ops-skill-disable-line a/z -- r -->",
      "<!-- ops-skill-disable a/w -- r -->", // 7
      "line 8",
      "<!-- ops-skill-enable a/w -->", // 9
      "line 10",
    ].join("\n");
    const result = apply(body, [
      finding("a/x", 6),
      finding("a/z", 6),
      finding("a/x", 7),
      finding("a/w", 8),
      finding("a/w", 8, "warning", 3),
      finding("a/w", 10),
    ]);
    expect(result.kept).toEqual(["a/x@7", "a/w@10"]);
    expect(result.uses).toEqual([[1, 0], [1], [2], [1]]);
  });

  it("suppresses nothing without rule ids or without a reason, or over several lines", () => {
    const body = [
      "<!-- ops-skill-disable -- everything? -->", // 5
      "<!-- ops-skill-disable-next-line a/x -->", // 6
      "line 7",
      "<!-- ops-skill-disable-next-line a/x", // 8
      "-- over two lines -->",
      "line 10",
    ].join("\n");
    const result = apply(body, [finding("a/x", 6), finding("a/x", 7), finding("a/x", 9)]);
    expect(result.kept).toEqual(["a/x@6", "a/x@7", "a/x@9"]);
  });

  it("never silences an error of a codex/ rule, but does a codex/ warning", () => {
    const body = "<!-- ops-skill-disable codex/name-too-long, codex/yaml-retry -- r -->\n";
    const result = apply(body, [
      finding("codex/name-too-long", 6, "error"),
      finding("codex/yaml-retry", 6, "warning"),
    ]);
    expect(result.kept).toEqual(["codex/name-too-long@6"]);
    expect(result.uses).toEqual([[0, 1]]);
    expect(cannotSuppress("codex/name-too-long", "error")).toBe(true);
    expect(cannotSuppress("codex/name-too-long", "warning")).toBe(false);
    expect(cannotSuppress("ops/hardcoded-secret", "error")).toBe(false);
  });

  it("leaves findings in other files of the skill alone", () => {
    const other = { ...finding("a/x", 6), file: "/skills/demo/scripts/run.sh" };
    const { kept } = applyDirectives(
      parseDirectives(skillOf(`${head}<!-- ops-skill-disable a/x -- r -->\n`)),
      [other],
      PATH,
    );
    expect(kept).toEqual([other]);
  });

  it("counts an enable as used when it ends a disable, whatever the findings", () => {
    const body = [
      "<!-- ops-skill-enable a/x -->", // nothing to end
      "<!-- ops-skill-disable a/x -- r -->",
      "<!-- ops-skill-enable a/x, a/y -->", // ends a/x only
      "<!-- ops-skill-disable a/y -- r -->",
      "<!-- ops-skill-enable -->", // ends a/y
      "<!-- ops-skill-enable -->", // nothing left
    ].join("\n");
    expect(apply(body, []).uses).toEqual([[0], [0], [1, 0], [0], [true], [false]]);
  });

  it("gives the use to the last disable of a rule before the finding", () => {
    const body =
      "<!-- ops-skill-disable a/x -- r -->\n<!-- ops-skill-disable a/x -- again -->\nline 7\n";
    expect(apply(body, [finding("a/x", 7)]).uses).toEqual([[0], [1]]);
  });
});

describe("knownRuleIds", () => {
  const rule = defineSkillRule(
    { id: "quality/demo", description: "Demo.", defaultSeverity: "warning" },
    () => {},
  );
  const loads: string[] = [];
  const plugin: DeferredLintPlugin = {
    rulePrefix: "schema/",
    claims: () => false,
    needed: () => false,
    load: async () => {
      loads.push("schema");
      return {
        rules: [
          defineSkillRule(
            { id: "schema/demo", description: "Demo.", defaultSeverity: "warning" },
            () => {},
          ),
        ],
        fileKinds: [],
      };
    },
  };

  it("knows a deferred plugin's ids, loading it only when a directive may name one", async () => {
    loads.length = 0;
    expect([...(await knownRuleIds([rule], [plugin], ["schema/ in prose, no directive"]))]).toEqual(
      ["quality/demo"],
    );
    expect(loads).toEqual([]);
    const ids = await knownRuleIds(
      [rule],
      [plugin],
      ["<!-- ops-skill-disable schema/demo -- r -->"],
    );
    expect([...ids]).toEqual(["quality/demo", "schema/demo"]);
    expect(loads).toEqual(["schema"]);
  });
});
