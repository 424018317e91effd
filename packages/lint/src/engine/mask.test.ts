import type { Diagnostic } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import type { FileResult } from "./lint.js";
import { maskSecrets } from "./mask.js";

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
});
