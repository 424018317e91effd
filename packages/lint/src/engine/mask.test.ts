import type { Diagnostic } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import type { FileResult } from "./lint.js";
import { MAX_SHOWN, maskSecrets } from "./mask.js";

const diagnostic = (
  ruleId: string,
  at: [number, number, number, number],
  message = "m",
): Diagnostic => ({
  ruleId,
  severity: "error",
  message,
  file: "/x/a.sh",
  line: at[0],
  column: at[1],
  endLine: at[2],
  endColumn: at[3],
});

const SECRET_RULES = new Set(["ops/hardcoded-secret"]);

describe("maskSecrets", () => {
  it("stars the secret's range in the source, keeping lengths and line breaks", () => {
    const source = 'a="Zq81LmN3pRt7"\nb=2\nkey="AbC\\\nDeF9xY"\n';
    const result: FileResult = {
      filePath: "/x/a.sh",
      source,
      fixed: false,
      diagnostics: [
        diagnostic("ops/hardcoded-secret", [1, 4, 1, 16]),
        diagnostic("ops/hardcoded-secret", [3, 6, 4, 7]),
        diagnostic("quality/other", [2, 1, 2, 4]),
      ],
    };
    maskSecrets([result], SECRET_RULES);
    expect(result.source).toBe('a="************"\nb=2\nkey="****\n******"\n');
    expect(result.source?.length).toBe(source.length);
  });

  it("blanks the secret in every message and hint of the run, whatever the rule", () => {
    const secret = "Zq81LmN3pRt7";
    const other = diagnostic(
      "ops/mutating-command",
      [1, 1, 1, 2],
      `\`curl -u ops:${secret}\` changes things`,
    );
    other.hint = `Do not run ${secret}.`;
    const results: FileResult[] = [
      {
        filePath: "/x/a.sh",
        source: `p=${secret}\n`,
        fixed: false,
        diagnostics: [diagnostic("ops/hardcoded-secret", [1, 3, 1, 15])],
      },
      { filePath: "/x/SKILL.md", source: undefined, fixed: false, diagnostics: [other] },
    ];
    maskSecrets(results, SECRET_RULES);
    expect(other.message).toBe("`curl -u ops:****` changes things");
    expect(other.hint).toBe("Do not run ****.");
  });

  it("drops from the report a fix whose new text holds a secret (the JSON fix would print it)", () => {
    const secret = "Zq81LmN3pRt7";
    const quoting = diagnostic("codex/yaml-retry", [2, 1, 2, 30]);
    quoting.fix = {
      description: "quote the value",
      edits: [{ range: [4, 40], text: `description: "uses ${secret}: here"\n` }],
    };
    const other = diagnostic("codex/byte-order-mark", [1, 1, 1, 2]);
    other.fix = { description: "remove the BOM", edits: [{ range: [0, 1], text: "" }] };
    const result: FileResult = {
      filePath: "/x/SKILL.md",
      source: `---\ndescription: uses ${secret}: here\n---\n`,
      fixed: false,
      diagnostics: [diagnostic("ops/hardcoded-secret", [2, 20, 2, 32]), quoting, other],
    };
    maskSecrets([result], SECRET_RULES);
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(quoting.fix).toBeUndefined();
    expect(other.fix?.edits).toEqual([{ range: [0, 1], text: "" }]);
  });

  it("leaves a run without secret findings as it is", () => {
    const result: FileResult = {
      filePath: "/x/a.sh",
      source: "token=abc\n",
      fixed: false,
      diagnostics: [diagnostic("quality/other", [1, 1, 1, 5])],
    };
    maskSecrets([result], SECRET_RULES);
    expect(result.source).toBe("token=abc\n");
  });

  it("masks the secrets a directive silenced, which no formatter lists", () => {
    const silenced = diagnostic("ops/hardcoded-secret", [1, 4, 1, 16]);
    const result: FileResult = {
      filePath: "/x/a.sh",
      source: 'a="Zq81LmN3pRt7"\nkubectl delete ns x\n',
      fixed: false,
      diagnostics: [diagnostic("ops/mutating-command", [2, 1, 2, 8])],
    };
    maskSecrets([result], SECRET_RULES, [silenced]);
    expect(result.source).toBe('a="************"\nkubectl delete ns x\n');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(["ops/mutating-command"]);
  });

  it("lists the first findings of a secret rule in a file and masks every one", () => {
    const count = MAX_SHOWN + 3;
    const source = Array.from({ length: count }, (_, i) => `k=Zq81LmN3pRt7${i}\n`).join("");
    const secrets = Array.from({ length: count }, (_, i) =>
      diagnostic("ops/hardcoded-secret", [
        count - i,
        3,
        count - i,
        String(count - i - 1).length + 15,
      ]),
    );
    const other = diagnostic("quality/other", [count, 1, count, 2]);
    const result: FileResult = {
      filePath: "/x/a.sh",
      source,
      fixed: false,
      diagnostics: [...secrets, other],
    };
    maskSecrets([result], SECRET_RULES);
    expect(result.source).not.toMatch(/Zq81/);
    const listed = result.diagnostics.filter((d) => d.ruleId === "ops/hardcoded-secret");
    const [more, ...rest] = listed.filter((d) => d.message.startsWith("…"));
    expect(rest).toEqual([]);
    expect(
      listed
        .filter((d) => d !== more)
        .map((d) => d.line)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: MAX_SHOWN }, (_, i) => i + 1));
    // The findings left out are counted where the first of them is.
    expect(more).toMatchObject({
      message:
        "…and 3 more findings of ops/hardcoded-secret in this file, not listed (a rule lists at most 20 per file).",
      line: MAX_SHOWN + 1,
    });
    expect(result.diagnostics).toContain(other);
  });
});
