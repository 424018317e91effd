/**
 * Hook scripts and hook commands that are not what the hooks/ rules expect: binaries, FIFOs,
 * devices, directories, dangling links, huge or pathological text, commands full of shell
 * metacharacters. The linter finishes (quickly, without opening what could block), never
 * throws, and every finding names the config file and a line.
 */
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadedConfig } from "../src/config.js";
import { lint } from "../src/engine/lint.js";
import { readHookScript } from "../src/hook-scripts/hook-script.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-skill-hooks-bad-input-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
const config = (baseDir: string) => loadedConfig(baseDir);

/** A project whose `.codex/config.toml` runs `command` as a PreToolUse hook on Bash. */
async function hookProject(command: string, setup?: (project: string) => Promise<void>) {
  const project = join(root, `case-${counter++}`);
  await mkdir(join(project, ".codex", "hooks"), { recursive: true });
  await writeFile(
    join(project, ".codex", "config.toml"),
    `[[hooks.PreToolUse]]\nmatcher = "Bash"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = ${JSON.stringify(command)}\ntimeout = 30\n`,
  );
  await setup?.(project);
  const started = Date.now();
  const result = await lint({
    paths: [join(project, ".codex", "config.toml")],
    cwd: project,
    config: config(project),
  });
  const elapsed = Date.now() - started;
  const diagnostics = result.results.flatMap((r) =>
    r.diagnostics.map((d) => ({ ...d, filePath: r.filePath })),
  );
  for (const d of diagnostics) {
    expect(d.file).toBe(d.filePath);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message).toMatch(/\S/);
  }
  return { diagnostics, elapsed, project };
}

const byRule = (diagnostics: { ruleId: string; message: string; severity: string }[], id: string) =>
  diagnostics.filter((d) => d.ruleId === id);

describe("hook scripts that are not scripts", () => {
  it("a binary: info, no crash", async () => {
    const { diagnostics } = await hookProject(".codex/hooks/guard", async (project) => {
      await writeFile(
        join(project, ".codex/hooks/guard"),
        new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff]),
      );
      await chmod(join(project, ".codex/hooks/guard"), 0o755);
    });
    expect(byRule(diagnostics, "hooks/unreadable-hook-output").map((d) => d.message)).toEqual([
      expect.stringMatching(/it is a compiled program/),
    ]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("a FIFO is never opened (no hang)", async () => {
    const { diagnostics, elapsed } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      execFileSync("mkfifo", [join(project, ".codex/hooks/guard.sh")]);
    });
    expect(elapsed).toBeLessThan(5_000);
    expect(byRule(diagnostics, "hooks/unreadable-hook-output")[0]?.message).toMatch(
      /not a regular file \(a FIFO, socket or device\)/,
    );
  });

  it("a directory: command-not-found says so, nothing else breaks", async () => {
    const { diagnostics } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      await mkdir(join(project, ".codex/hooks/guard.sh"));
    });
    expect(byRule(diagnostics, "hooks/command-not-found")[0]?.message).toMatch(/is a directory/);
    expect(byRule(diagnostics, "hooks/unreadable-hook-output")).toEqual([]);
  });

  it("a dangling symlink: command-not-found, nothing more", async () => {
    const { diagnostics } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      await symlink(join(project, "nowhere.sh"), join(project, ".codex/hooks/guard.sh"));
    });
    expect(byRule(diagnostics, "hooks/command-not-found")[0]?.message).toMatch(/does not exist/);
    expect(byRule(diagnostics, "hooks/unreadable-hook-output")).toEqual([]);
  });

  it("a huge script is not read", async () => {
    const { diagnostics, elapsed } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      await writeFile(
        join(project, ".codex/hooks/guard.sh"),
        `#!/bin/sh\n${"echo x\n".repeat(200_000)}`,
      );
      await chmod(join(project, ".codex/hooks/guard.sh"), 0o755);
    });
    expect(elapsed).toBeLessThan(5_000);
    expect(byRule(diagnostics, "hooks/unreadable-hook-output")[0]?.message).toMatch(/too large/);
  });

  it("a script of pathological text finishes quickly", async () => {
    const nasty = `#!/bin/sh\n${"(".repeat(20_000)}${'"'.repeat(3)}${"$(".repeat(5_000)}\n${"if x; then\n".repeat(2_000)}echo '{"decision":"deny"}'\n`;
    const { elapsed } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      await writeFile(join(project, ".codex/hooks/guard.sh"), nasty);
      await chmod(join(project, ".codex/hooks/guard.sh"), 0o755);
    });
    expect(elapsed).toBeLessThan(5_000);
  });

  it("nesting deep enough to exhaust a recursive parser: a finding, not a crash", async () => {
    for (const [file, text, command] of [
      ["guard.sh", `#!/bin/sh\n${"if x; then\n".repeat(45_000)}`, ".codex/hooks/guard.sh"],
      ["guard.sh", `#!/bin/sh\n${"{ ".repeat(200_000)}`, ".codex/hooks/guard.sh"],
      ["guard.py", `print(${"[".repeat(100_000)})\n`, "python3 .codex/hooks/guard.py"],
      ["guard.mjs", `${"if (x) {\n".repeat(45_000)}`, "node .codex/hooks/guard.mjs"],
      ["guard.mjs", `console.log(${"{a:".repeat(100_000)})`, "node .codex/hooks/guard.mjs"],
    ] as const) {
      const { diagnostics, elapsed } = await hookProject(command, async (project) => {
        await writeFile(join(project, ".codex/hooks", file), text);
        await chmod(join(project, ".codex/hooks", file), 0o755);
      });
      expect(elapsed).toBeLessThan(10_000);
      expect(diagnostics.map((d) => d.ruleId)).toContain("hooks/unreadable-hook-output");
    }
  });

  it("many ways through a script: the explorer stops, it does not explode", async () => {
    const branches = Array.from(
      { length: 40 },
      (_, i) => `if grep -q p${i}; then echo "x${i}" >&2; fi\n`,
    ).join("");
    const { elapsed } = await hookProject(".codex/hooks/guard.sh", async (project) => {
      await writeFile(join(project, ".codex/hooks/guard.sh"), `#!/bin/sh\n${branches}exit 2\n`);
      await chmod(join(project, ".codex/hooks/guard.sh"), 0o755);
    });
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("hook commands with shell metacharacters", () => {
  const commands: [string, RegExp | undefined][] = [
    ["echo no >&2; exit 2", undefined],
    ["test -f .codex/off && exit 0; echo 'blocked by policy' 1>&2 && exit 2", undefined],
    ['cat | grep -q "rm -rf" && { echo "no rm" >&2; exit 2; } || exit 0', undefined],
    ['echo \'{"decision":"deny"}\'', /decision": "deny"` is not a Codex decision/],
    ['echo "$(date) no" >&2; exit 2', undefined],
    ["echo unterminated 'quote", undefined],
    ['sh -c "echo no >&2; exit 2"', undefined],
    ["`which guard`", undefined],
    ['echo "not allowed" >&2 | cat; exit 1', /exit 1 does not block/],
    ["echo 'jq is missing' >&2; exit 1", undefined],
    ['printf \'%s\\n\' "{\\"continue\\":false}"', /is not a block for PreToolUse/],
  ];
  for (const [command, error] of commands) {
    it(command, async () => {
      const { diagnostics } = await hookProject(command);
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (error) expect(errors.map((d) => d.message)).toEqual([expect.stringMatching(error)]);
      else expect(errors).toEqual([]);
    });
  }
});

describe("the readers never throw", () => {
  const alphabet = fc.constantFrom(
    ..."abc {}()[]<>|&;$`'\"\\\n\t#=:,.*!?-_/+%@0129".split(""),
    "if ",
    "then ",
    "fi",
    "case ",
    " in ",
    "esac",
    ";;",
    "<<EOF\n",
    "EOF",
    "echo ",
    "printf ",
    "exit 2",
    "print(",
    "json.dumps(",
    "def f():\n",
    "    ",
    "console.log(",
    "process.exit(",
    "=>",
    "`${",
    "'''",
    "sys.exit(",
  );
  for (const language of ["shell", "python", "javascript"] as const) {
    it(`${language}: arbitrary text`, () => {
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
          const reading = readHookScript(parts.join(""), language, { timeoutSec: 5 });
          expect(Array.isArray(reading.outcomes)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }
});
