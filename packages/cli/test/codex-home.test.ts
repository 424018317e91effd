// `ops-skill codex-home <dir>`: the built CLI writes the schedule's Codex home, rewrites a home
// it wrote, refuses any other folder with files in it, names the file and line of a broken
// schedule (exit 1), and exits 2 on usage errors and on a folder it cannot write.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { copyCatalogue, repositoryRoot } from "./catalogue-copy.js";
import { runCli, runCliBounded } from "./run-cli.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "ops-skill-codex-home-")));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const repo = copyCatalogue(scratch, "repo");
const MARKER = "# Written by ops-skill codex-home from schedule/trust.json; it rewrites this file.";
const trust = JSON.parse(readFileSync(join(repositoryRoot, "schedule", "trust.json"), "utf8")) as {
  hooks: { key: string; trusted_hash: string }[];
};

describe("ops-skill codex-home", () => {
  test("writes config.toml (the checkout and its hooks trusted) and every profile of schedule/", () => {
    const home = join(scratch, "home-1");
    const run = runCli(["codex-home", home], join(repo, "skills"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `Codex home for ${repo} in ${home}:`,
        "  config.toml: the project trusted, 1 hook trusted",
        "  day-two.config.toml: the profile day-two",
        `Run codex exec with CODEX_HOME=${home} and --profile day-two.`,
        "",
      ].join("\n"),
    );
    expect(readdirSync(home).sort()).toEqual(["config.toml", "day-two.config.toml"]);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, "config.toml")).mode & 0o777).toBe(0o600);
    const hook = trust.hooks[0] as { key: string; trusted_hash: string };
    expect(readFileSync(join(home, "config.toml"), "utf8")).toBe(
      `${MARKER}\n\n[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n\n` +
        `[hooks.state.${JSON.stringify(`${repo}/${hook.key}`)}]\ntrusted_hash = "${hook.trusted_hash}"\n`,
    );
    expect(readFileSync(join(home, "day-two.config.toml"), "utf8")).toBe(
      readFileSync(join(repo, "schedule", "day-two.config.toml"), "utf8"),
    );

    // Again: the home it wrote is rewritten (here, unchanged), files Codex added are kept.
    writeFileSync(join(home, "auth.json"), "{}");
    const again = runCli(["codex-home", home, "--root", repo, "--profile", "day-two"], scratch);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("config.toml: the project trusted, 1 hook trusted (unchanged)");
    expect(readdirSync(home).sort()).toEqual(["auth.json", "config.toml", "day-two.config.toml"]);
  });

  test("refuses a folder with files it did not write, and a file, writing nothing", () => {
    const own = join(scratch, "own-home");
    mkdirSync(own);
    writeFileSync(join(own, "config.toml"), 'model = "gpt-5.4"\n');
    const refused = runCli(["codex-home", own], repo);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `ops-skill codex-home: ${own}: not written: it holds a config.toml that ops-skill codex-home did not write (a Codex home of your own?); give an empty or new folder\n`,
    );
    expect(readFileSync(join(own, "config.toml"), "utf8")).toBe('model = "gpt-5.4"\n');
    expect(readdirSync(own)).toEqual(["config.toml"]);

    const other = join(scratch, "other");
    mkdirSync(other);
    writeFileSync(join(other, "notes.txt"), "x");
    const notEmpty = runCli(["codex-home", other], repo);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain("not written: it is not empty and holds no config.toml");
    expect(readdirSync(other)).toEqual(["notes.txt"]);

    const file = runCli(["codex-home", join(other, "notes.txt")], repo);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain("not written: it is not a folder");
  });

  test("a folder name with control characters is printed escaped: no terminal sequence, no forged line", () => {
    const odd = join(scratch, "home\u001b[31mred\nops-skill codex-home: forged");
    const written = runCli(["codex-home", odd], repo);
    expect(written.code).toBe(0);
    expect(written.stdout).not.toContain("\u001b");
    expect(written.stdout).toContain("home\\u001b[31mred\\nops-skill codex-home: forged");
    expect(written.stdout.split("\n").filter((line) => line.startsWith("ops-skill"))).toEqual([]);
    mkdirSync(join(scratch, "odd-own\r"));
    writeFileSync(join(scratch, "odd-own\r", "config.toml"), "");
    const refused = runCli(["codex-home", join(scratch, "odd-own\r")], repo);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("odd-own\\r: not written");
  });

  test("a broken schedule: each problem with its file and line, exit 1, nothing written", () => {
    const broken = copyCatalogue(scratch, "broken");
    writeFileSync(
      join(broken, "schedule", "trust.json"),
      '{\n  "version": 1,\n  "project": "yes",\n  "hooks": []\n}\n',
    );
    writeFileSync(
      join(broken, "schedule", "nightly.config.toml"),
      '# nightly\ndefault_permissions = = "nightly"\n',
    );
    const home = join(scratch, "home-broken");
    const run = runCli(["codex-home", home], broken);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^schedule\/nightly\.config\.toml:2: not valid TOML: /);
    expect(lines[1]).toBe('schedule/trust.json:3: "project" must be true or false');
    expect(() => readdirSync(home)).toThrow(/ENOENT/);

    const missing = runCli(["codex-home", home, "--profile", "weekly"], repo);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'schedule/weekly.config.toml: the schedule profile "weekly" has no file (Codex would ignore --profile weekly silently)\n',
    );

    const bare = join(scratch, "bare");
    mkdirSync(join(bare, ".git"), { recursive: true });
    const none = runCli(["codex-home", home], bare);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^schedule\/trust\.json: the file does not exist: /);
  });

  test("a checkout whose path holds a backslash: the CommonJS guard loads there, so its home is written", () => {
    const odd = copyCatalogue(join(scratch, "a\\b"), "repo");
    const home = join(scratch, "home-backslash");
    const run = runCli(["codex-home", home], odd);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const hook = trust.hooks[0] as { key: string; trusted_hash: string };
    expect(readFileSync(join(home, "config.toml"), "utf8")).toContain(
      `[hooks.state.${JSON.stringify(`${odd}/${hook.key}`)}]\ntrusted_hash = "${hook.trusted_hash}"\n`,
    );
    // The hook's command, run as Codex runs it (a shell in the checkout), blocks there.
    const hooks = JSON.parse(readFileSync(join(odd, ".codex", "hooks.json"), "utf8"));
    const command = hooks.hooks.PreToolUse[0].hooks[0].command as string;
    const guard = spawnSync("/bin/sh", ["-c", command], {
      cwd: odd,
      encoding: "utf8",
      input: JSON.stringify({ tool_name: "Bash", tool_input: { command: "terraform apply" } }),
    });
    expect(guard.status).toBe(0);
    expect(JSON.parse(guard.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });

  test("a checkout whose path holds a backslash and a trusted hook that is an ES module is refused (exit 1)", () => {
    for (const [name, script, packageJson] of [
      ["mjs", "guard.mjs", undefined],
      ["js-in-esm-package", "guard.js", '{"type": "module"}\n'],
    ] as const) {
      const odd = copyCatalogue(join(scratch, `esm\\${name}`), "repo");
      const hooksFile = join(odd, ".codex", "hooks.json");
      writeFileSync(
        hooksFile,
        readFileSync(hooksFile, "utf8").replace(".codex/hooks/guard.cjs", `.codex/hooks/${script}`),
      );
      if (packageJson !== undefined) writeFileSync(join(odd, "package.json"), packageJson);
      const home = join(scratch, `home-esm-${name}`);
      const run = runCli(["codex-home", home], odd);
      expect(run.code, name).toBe(1);
      expect(run.stderr).toContain(
        `schedule/trust.json: the checkout's path ${JSON.stringify(odd)} holds a backslash: Node loads no ES module there, so the hook .codex/hooks.json:pre_tool_use:0:0 ("node .codex/hooks/${script}") exits 1 on every call`,
      );
      expect(() => readdirSync(home)).toThrow(/ENOENT/);
    }
    // A .js file outside an ES-module package is CommonJS: it loads there, the home is written.
    const plain = copyCatalogue(join(scratch, "cjs\\js"), "repo");
    const hooksFile = join(plain, ".codex", "hooks.json");
    writeFileSync(
      hooksFile,
      readFileSync(hooksFile, "utf8").replace(".codex/hooks/guard.cjs", ".codex/hooks/guard.js"),
    );
    writeFileSync(join(plain, "package.json"), '{"type": "commonjs"}\n');
    const written = runCli(["codex-home", join(scratch, "home-cjs-js")], plain);
    expect(written.stderr).toBe("");
    expect(written.code).toBe(0);
  });

  test("usage errors and a folder it may not create exit 2", () => {
    const noDir = runCli(["codex-home"], repo);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("Missing 1 required arg");
    const badFlag = runCli(["codex-home", join(scratch, "x"), "--nope"], repo);
    expect(badFlag.code).toBe(2);

    // As a user the permission bits stop: the parent folder is root's, mode 0755.
    const locked = join(scratch, "locked");
    mkdirSync(locked, { mode: 0o755 });
    const run = runCliBounded(
      ["codex-home", join(locked, "home"), "--root", repo],
      scratch,
      process.getuid?.() === 0 ? { unprivileged: true } : {},
    );
    if (process.getuid?.() === 0) {
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `ops-skill codex-home: ${join(locked, "home")}: cannot reach the folder: permission denied (EACCES)\n`,
      );
      expect(readdirSync(locked)).toEqual([]);
    } else {
      expect(run.code).toBe(0);
    }
  });

  test("a folder under /proc, where Node's recursive mkdir spins, exits 2 at once", () => {
    const run = runCliBounded(
      ["codex-home", "/proc/self/ops-skill/home", "--root", repo],
      scratch,
      {
        timeoutMs: 20_000,
      },
    );
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^ops-skill codex-home: \/proc\/self\/ops-skill\/home: cannot reach the folder: [^\n]*\n$/,
    );
  });
});
