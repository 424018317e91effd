import { describe, expect, it } from "vitest";
import {
  interpreterLanguage,
  readHookScript,
  type ScriptLanguage,
  scriptLanguage,
} from "./hook-script.js";

/** The outcomes as `exit|stdout|stderr` strings (failure for killed runs), sorted. */
function outcomes(text: string, language: ScriptLanguage = "shell", timeoutSec = 30): string[] {
  return readHookScript(text, language, { timeoutSec })
    .outcomes.map((o) => {
      const out = o.output;
      return out.failure
        ? `${out.failure}|${JSON.stringify(o.beforeTimeout?.stderr ?? out.stderr)}`
        : `${out.exitCode}|${JSON.stringify(out.stdout)}|${JSON.stringify(out.stderr)}`;
    })
    .sort();
}

describe("languages", () => {
  it("a shebang decides over the extension", () => {
    expect(scriptLanguage("x.sh", "#!/usr/bin/env python3\n")).toBe("python");
    expect(scriptLanguage("x.py", "#!/bin/bash -e\n")).toBe("shell");
    expect(scriptLanguage("x", "#!/usr/bin/env -S node --no-warnings\n")).toBe("javascript");
    expect(scriptLanguage("x.sh", "#!/usr/bin/env ruby\n")).toBe("other");
    expect(scriptLanguage("x.mjs", "")).toBe("javascript");
    expect(scriptLanguage("x.rb", "")).toBe("other");
    expect(scriptLanguage("x", "echo hi\n")).toBe("shell");
    expect(interpreterLanguage("python3.12")).toBe("python");
    expect(interpreterLanguage("bun")).toBe("javascript");
    expect(interpreterLanguage("perl")).toBe("other");
  });
});

describe("shell", () => {
  it("echo, printf and heredocs, with their streams", () => {
    expect(outcomes("echo \"a b\"\necho -n c >&2\nprintf '%s=%d\\n' x 3 1>&2\n")).toEqual(
      ['0|"a b\\n"|"cx=3\\n"'].sort(),
    );
    expect(outcomes('cat <<EOF\n{"a": "$HOME"}\nEOF\n')).toEqual(['0|"{\\"a\\": \\"X\\"}\\n"|""']);
    expect(outcomes("cat >&2 <<-'EOF'\n\t$literal\n\tEOF\nexit 2\n")).toEqual(
      ['2|""|"$literal\\n"'].sort(),
    );
  });
  it("redirections: files, /dev/null, /dev/stderr, 2>&1, groups, exec", () => {
    expect(
      outcomes("echo a > /tmp/log\necho b >/dev/null\necho c &>/dev/null\necho d >/dev/stderr\n"),
    ).toEqual(['0|""|"d\\n"']);
    expect(outcomes("echo a 2>&1\n{ echo b; echo c; } >&2\n")).toEqual(['0|"a\\n"|"b\\nc\\n"']);
    expect(outcomes("exec 1>&2\necho moved\nexit 2\n")).toEqual(['2|""|"moved\\n"']);
    expect(outcomes("echo x | tee /dev/stderr\n")).toEqual(['0|"x\\n"|"x\\n"']);
  });
  it("jq: constants and reformatted literal JSON", () => {
    expect(outcomes('jq -nc \'{decision: "block", reason: "r"}\'\n')).toEqual(
      ['0|"{\\"decision\\":\\"block\\",\\"reason\\":\\"r\\"}\\n"|""'].sort(),
    );
    expect(outcomes("echo '{\"a\":1}' | jq -c .\n")).toEqual(['0|"{\\"a\\":1}\\n"|""']);
    expect(readHookScript("jq -n --arg r x '{r:$r}'\n", "shell").unreadable[0]?.reason).toMatch(
      /jq/,
    );
  });
  it("echo: sh expands escapes, bash only with -e", () => {
    expect(outcomes("echo 'a\\nb'\n")).toEqual(['0|"a\\nb\\n"|""']);
    expect(outcomes("#!/bin/bash\necho 'a\\nb'\necho -e 'c\\td'\n")).toEqual(
      ['0|"a\\\\nb\\nc\\td\\n"|""'].sort(),
    );
  });
  it("every way through if, case, && and || to an exit", () => {
    const script = [
      "input=$(cat)",
      'if echo "$input" | grep -q "rm -rf"; then',
      '  echo "no rm" >&2',
      "  exit 2",
      'elif [ -n "$CI" ]; then',
      '  echo \'{"decision":"block","reason":"ci"}\'',
      "fi",
      'case "$input" in',
      "  *sudo*) echo sudo >&2; exit 1 ;;",
      "esac",
      "test -f x && exit 3 || true",
    ].join("\n");
    expect(outcomes(script)).toEqual(
      [
        '2|""|"no rm\\n"',
        '1|"{\\"decision\\":\\"block\\",\\"reason\\":\\"ci\\"}\\n"|"sudo\\n"',
        '3|"{\\"decision\\":\\"block\\",\\"reason\\":\\"ci\\"}\\n"|""',
        '0|"{\\"decision\\":\\"block\\",\\"reason\\":\\"ci\\"}\\n"|""',
        '1|""|"sudo\\n"',
        '3|""|""',
        '0|""|""',
      ].sort(),
    );
  });
  it("functions, return, subshells and the last status", () => {
    expect(outcomes("deny() {\n  echo \"$1\" >&2\n  exit 2\n}\ndeny 'no'\n")).toEqual(
      ['2|""|"X\\n"'].sort(),
    );
    expect(outcomes("check() { return 1; }\ncheck || { echo bad >&2; exit 2; }\n")).toEqual(
      ['2|""|"bad\\n"'].sort(),
    );
    expect(outcomes("(echo sub >&2; exit 2)\n")).toEqual(['2|""|"sub\\n"']);
    expect(outcomes("echo x >&2\nfalse\n")).toEqual(['1|""|"x\\n"']);
    expect(outcomes("echo x >&2\nexit\n")).toEqual(['0|""|"x\\n"']);
  });
  it("literal variables are substituted, others are placeholders", () => {
    const reading = readHookScript(
      'r=\'no rm\'\njson=\'{"decision":"block","reason":"\'"$r"\'"}\'\necho "$json"\necho "$UNKNOWN"\n',
      "shell",
    );
    expect(reading.outcomes[0]?.output.stdout).toBe('{"decision":"block","reason":"no rm"}\nX\n');
    expect(reading.outcomes[0]?.dynamic).toBe(true);
  });
  it("sleeps, background children and kill $$", () => {
    expect(outcomes("sleep 2\necho no >&2\nexit 2\n", "shell", 1)).toEqual(['timeout|"no\\n"']);
    expect(outcomes("sleep 10 &\necho no >&2\nexit 2\n", "shell", 5)).toEqual(['timeout|"no\\n"']);
    expect(outcomes("nohup ./daemon &\nexit 2\n", "shell", 5)[0]).toMatch(/^timeout/);
    expect(outcomes("sleep 10 >/dev/null 2>&1 &\necho no >&2\nexit 2\n", "shell", 5)).toEqual(
      ['2|""|"no\\n"'].sort(),
    );
    expect(outcomes("echo no >&2\nkill -9 $$\n")).toEqual(['signal|"no\\n"']);
  });
  it("printf bytes are decoded as UTF-8, a BOM kept", () => {
    expect(readHookScript("printf '\\357\\273\\277{}'\n", "shell").outcomes[0]?.output.stdout).toBe(
      "\ufeff{}",
    );
  });
  it("another program's output is unknown: dynamic, and absent in the favourable reading", () => {
    const reading = readHookScript("git status\necho '{}'\n", "shell");
    const outcome = reading.outcomes[0];
    expect(outcome?.output.stdout).toBe("X{}\n");
    expect(outcome?.favourable.stdout).toBe("{}\n");
    expect(reading.unreadable).toEqual([
      { line: 1, reason: "it runs `git`, whose output the linter cannot see" },
    ]);
  });
  it("quiet commands print nothing", () => {
    expect(outcomes("mkdir -p x\nlogger hi\ngrep -q a file\ncommand -v jq >/dev/null\n")).toEqual(
      ['0|""|""'].sort(),
    );
  });
});

describe("python", () => {
  it("print, json.dumps and the streams", () => {
    expect(
      outcomes(
        'import json, sys\nprint(json.dumps({"decision": "block", "reason": "r"}))\nprint("x", "y", sep="-", end="", file=sys.stderr)\nsys.stdout.write("z")\n',
        "python",
      ),
    ).toEqual(['0|"{\\"decision\\": \\"block\\", \\"reason\\": \\"r\\"}\\nz"|"x-y"']);
  });
  it("a dict printed as Python prints it", () => {
    expect(outcomes("print({'a': True, 'b': None})\n", "python")).toEqual(
      ["0|\"{'a': True, 'b': None}\\n\"|\"\""].sort(),
    );
  });
  it("json.dump to a stream, indent and separators", () => {
    expect(
      outcomes('import json, sys\njson.dump({"a": [1]}, sys.stdout, indent=2)\n', "python"),
    ).toEqual(['0|"{\\n  \\"a\\": [\\n    1\\n  ]\\n}"|""']);
    expect(outcomes('print(json.dumps({"a": 1}, separators=(",", ":")))\n', "python")).toEqual(
      ['0|"{\\"a\\":1}\\n"|""'].sort(),
    );
  });
  it("exits: sys.exit, exit, raise SystemExit, sys.exit(message), sys.exit(main())", () => {
    expect(outcomes("import sys\nsys.exit(2)\n", "python")).toEqual(['2|""|""']);
    expect(outcomes("raise SystemExit(3)\n", "python")).toEqual(['3|""|""']);
    expect(outcomes('import sys\nsys.exit("no")\n', "python")).toEqual(['1|""|"no\\n"']);
    expect(
      outcomes(
        'import sys\n\ndef main():\n    if x:\n        print("no", file=sys.stderr)\n        return 2\n    return 0\n\nif __name__ == "__main__":\n    sys.exit(main())\n',
        "python",
      ),
    ).toEqual(['2|""|"no\\n"', '0|""|""'].sort());
  });
  it("branches: if/elif/else, try/except, loops; f-strings are placeholders", () => {
    expect(
      outcomes(
        'try:\n    data = load()\nexcept Exception as e:\n    print(f"bad: {e}", file=sys.stderr)\n    sys.exit(1)\nif a:\n    print("A")\nelif b:\n    print("B")\nelse:\n    pass\n',
        "python",
      ),
    ).toEqual(['0|"A\\n"|""', '0|"B\\n"|""', '0|""|""', '1|""|"bad: X\\n"'].sort());
  });
  it("names bound to literals are read", () => {
    expect(
      outcomes('out = {"decision": "block", "reason": "r"}\nprint(json.dumps(out))\n', "python"),
    ).toEqual(['0|"{\\"decision\\": \\"block\\", \\"reason\\": \\"r\\"}\\n"|""']);
  });
});

describe("node", () => {
  it("console and process streams; objects printed as util.inspect does", () => {
    expect(
      outcomes(
        'console.log("a");\nconsole.error({ decision: "block", n: 1 });\nprocess.stdout.write(JSON.stringify({ a: [1, "x"] }));\n',
        "javascript",
      ),
    ).toEqual(['0|"a\\n{\\"a\\":[1,\\"x\\"]}"|"{ decision: \'block\', n: 1 }\\n"']);
  });
  it("JSON.stringify with indentation, template literals", () => {
    expect(
      outcomes(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the hook script's own template literal
        'const reason = "r";\nconsole.log(JSON.stringify({ decision: "block", reason: `why: ${reason}` }, null, 2));\n',
        "javascript",
      ),
    ).toEqual(['0|"{\\n  \\"decision\\": \\"block\\",\\n  \\"reason\\": \\"why: r\\"\\n}\\n"|""']);
  });
  it("callbacks run where written; exits and exitCode", () => {
    const script = [
      'let input = "";',
      'process.stdin.on("data", (c) => { input += c; });',
      'process.stdin.on("end", () => {',
      "  const event = JSON.parse(input);",
      '  if (event.tool_name !== "Bash") return;',
      "  if (/rm -rf/.test(event.tool_input.command)) {",
      '    console.error("no rm");',
      "    process.exit(2);",
      "  }",
      "  process.exitCode = 0;",
      "});",
    ].join("\n");
    // `return` from the callback, the exit 2, and the end of the script
    expect(outcomes(script, "javascript")).toEqual(
      ['0|""|""', '2|""|"no rm\\n"', '0|""|""'].sort(),
    );
  });
  it("named functions run where called; process.exit(main())", () => {
    expect(
      outcomes(
        'function main() {\n  console.error("no");\n  return 2;\n}\nprocess.exit(main());\n',
        "javascript",
      ),
    ).toEqual(['2|""|"no\\n"']);
  });
  it("switch, try/catch, throw", () => {
    expect(
      outcomes(
        'switch (x) {\n  case 1:\n    console.log("one");\n    break;\n  default:\n    console.log("other");\n}\ntry { f(); } catch (e) { console.error("bad"); process.exit(1); }\n',
        "javascript",
      ),
    ).toEqual(
      ['0|"one\\n"|""', '1|"one\\n"|"bad\\n"', '0|"other\\n"|""', '1|"other\\n"|"bad\\n"'].sort(),
    );
    expect(outcomes('throw new Error("x");\n', "javascript")).toEqual(['1|""|"X"']);
  });
});
