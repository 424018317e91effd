/**
 * Bad input: a clear message on stderr, a non-zero exit (1 refused, 2 usage), never a stack
 * trace, and the repository (and the Codex home) byte for byte as they were.
 */

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create, snapshot, tempRepo } from "./helpers.js";

const made: string[] = [];

function gitAbove(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, ".git"))) return true;
    if (dirname(at) === at) return false;
  }
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function repo(git = true): string {
  const dir = tempRepo(git);
  made.push(dir);
  return dir;
}

/** Runs create-ops-skill and checks the refusal: code, one message, nothing changed. */
function refused(
  dir: string,
  args: string[],
  code: 1 | 2,
  message: string | RegExp,
  options: Parameters<typeof create>[2] = {},
  watch: string[] = [],
) {
  const before = [dir, ...watch].map(snapshot);
  const result = create(args, dir, options);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^create-ops-skill: /);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(code);
  expect([dir, ...watch].map(snapshot)).toEqual(before);
  return result;
}

describe("bad names", () => {
  it.each([
    ["team/drift", "path separator", "team-drift"],
    ["../drift", "path separator", "drift"],
    ["..", '".."', undefined],
    ["my skill", "space", "my-skill"],
    ["Drift-Check", "upper-case", "drift-check"],
    ["x".repeat(65), "65 characters", "x".repeat(64)],
  ])("%j is refused (%s) with the corrected name offered", (name, why, suggestion) => {
    const result = refused(repo(), [name, "--yes"], 1, why);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    if (suggestion) expect(result.stderr).toContain(`(try ${suggestion})`);
  });
});

describe("the target and the repository", () => {
  it("refuses a non-empty skill folder", () => {
    const dir = repo();
    mkdirSync(join(dir, ".agents/skills/drift"), { recursive: true });
    writeFileSync(join(dir, ".agents/skills/drift/notes.md"), "mine\n");
    refused(dir, ["drift", "--yes"], 1, /is not empty \(--force replaces it\)/);
  });

  it("refuses a repository it cannot write (as an unprivileged user)", () => {
    const dir = repo();
    chmodSync(dir, 0o755);
    refused(dir, ["drift", "--yes"], 1, /permission denied|cannot create/, { unprivileged: true });
  });

  it("refuses a folder whose mode says read-only, even as root", () => {
    const dir = repo();
    mkdirSync(join(dir, ".agents/skills"), { recursive: true });
    chmodSync(join(dir, ".agents/skills"), 0o555);
    refused(
      dir,
      ["drift", "--yes"],
      1,
      /cannot write in \.agents\/skills: it is read-only \(mode 0555\)/,
    );
    chmodSync(join(dir, ".agents/skills"), 0o755);
  });

  it("a full disk: exit 1, one message without a doubled prefix, nothing written", () => {
    const dir = repo();
    const result = refused(dir, ["a", "--yes", "--template", "drift-check"], 1, /EFBIG/, {
      fileSizeLimit: 8192,
    });
    expect(result.stderr).not.toMatch(/ops-skill: .*ops-skill: /);
  });

  it("refuses a hooks.json with comments, which Codex skips whole, and prints the group", () => {
    const dir = repo();
    mkdirSync(join(dir, ".codex"));
    writeFileSync(join(dir, ".codex/hooks.json"), '// ours\n{ "hooks": {} }\n');
    const result = refused(
      dir,
      ["drift", "--yes"],
      1,
      /not strict JSON \(line 1: InvalidCommentToken\), which Codex needs/,
    );
    expect(result.stderr).toContain('"matcher":"^Bash$"');
  });

  it("refuses a hooks.json that does not parse, and prints the group to add", () => {
    const dir = repo();
    mkdirSync(join(dir, ".codex"));
    writeFileSync(join(dir, ".codex/hooks.json"), '// ours\n{ "hooks": { "PreToolUse": [\n');
    const result = refused(dir, ["drift", "--yes"], 1, /cannot merge the guard hook safely/);
    expect(result.stderr).toContain('"matcher":"^Bash$"');
    expect(result.stderr).toContain("node .codex/hooks/guard.cjs");
  });

  it("refuses a .codex/config.toml that does not parse", () => {
    const dir = repo();
    mkdirSync(join(dir, ".codex"));
    writeFileSync(join(dir, ".codex/config.toml"), "[hooks\nmodel = 1\n");
    refused(dir, ["drift", "--yes"], 1, /\.codex\/config\.toml does not parse \(line \d+: /);
  });

  it("refuses a forbidden.json that does not parse", () => {
    const dir = repo();
    mkdirSync(join(dir, ".codex/hooks"), { recursive: true });
    writeFileSync(join(dir, ".codex/hooks/forbidden.json"), "{ nope");
    refused(dir, ["drift", "--yes"], 1, /forbidden\.json: cannot add drift/);
  });

  it("refuses outside a git repository unless --dir is given", () => {
    // A folder with no .git above it (some machines keep one in the system's temporary folder).
    const base = [tmpdir(), "/var/tmp", "/dev/shm"].find((candidate) => !gitAbove(candidate));
    expect(base).toBeDefined();
    const dir = mkdtempSync(join(base as string, "create-ops-skill-test-"));
    made.push(dir);
    refused(dir, ["drift", "--yes"], 1, /no git repository .*give --dir/);
    // With --dir, the working folder is taken as the repository.
    const result = create(["drift", "--dir", "skills/drift", "--yes"], dir);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "skills/drift/SKILL.md"))).toBe(true);
    expect(existsSync(join(dir, ".codex/hooks.json"))).toBe(true);
  });

  it("refuses a Codex config.toml that does not parse under --trust, writing nothing anywhere", () => {
    const dir = repo();
    const home = mkdtempSync(join(tmpdir(), "create-ops-skill-home-"));
    made.push(home);
    writeFileSync(join(home, "config.toml"), 'model = "x"\n[projects\n');
    refused(
      dir,
      ["drift", "--yes", "--trust"],
      1,
      /config\.toml does not parse/,
      {
        env: { CODEX_HOME: home },
      },
      [home],
    );
  });
});

describe("usage", () => {
  it.each([
    [["--nope"], /Unknown option '--nope'/],
    [["a", "b", "--yes"], /one name at most/],
    [["--template", "nope", "--yes"], /unknown template "nope"/],
    [
      ["--sandbox", "danger full", "--yes"],
      /neither read-only, workspace-write nor a profile name/,
    ],
    [["--trust", "--no-trust", "--yes"], /--trust and --no-trust together/],
    [["--dir", "/elsewhere/drift", "--yes", "drift"], /is not inside the repository/],
    [["--dir", ".agents/skills/other", "--yes", "drift"], /must be named as the skill/],
  ])("%j exits 2", (args, message) => {
    refused(repo(), args as string[], 2, message);
  });

  it("--help and --version exit 0", () => {
    const dir = repo();
    const help = create(["--help"], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: create-ops-skill [name] [options]");
    const version = create(["--version"], dir);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^create-ops-skill\/\d+\.\d+\.\d+\n$/);
  });
});

describe("trust", () => {
  it("--trust appends the tables once, keeping every line of the config", () => {
    const dir = repo();
    const home = mkdtempSync(join(tmpdir(), "create-ops-skill-home-"));
    made.push(home);
    const config = '# mine\nmodel = "gpt-5.4" # keep\n\n[tui]\nnotifications = true\n';
    writeFileSync(join(home, "config.toml"), config);
    const first = create(["drift", "-t", "drift-check", "--yes", "--trust"], dir, {
      env: { CODEX_HOME: home },
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Trusted the project and its guard hook in ${home}/config.toml`);
    const after = readFileSync(join(home, "config.toml"), "utf8");
    expect(after.startsWith(config)).toBe(true);
    const trust = JSON.parse(readFileSync(join(dir, "schedule/trust.json"), "utf8"));
    expect(after).toContain(`[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`);
    expect(after).toContain(
      `[hooks.state.${JSON.stringify(`${dir}/${trust.hooks[0].key}`)}]\ntrusted_hash = ${JSON.stringify(trust.hooks[0].trusted_hash)}\n`,
    );
    const second = create(["k8s", "-t", "k8s-health", "--yes", "--trust"], dir, {
      env: { CODEX_HOME: home },
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already trusts the project and its guard hook");
    expect(readFileSync(join(home, "config.toml"), "utf8")).toBe(after);
  });

  it("without --trust prints the lines and touches no Codex home", () => {
    const dir = repo();
    const home = mkdtempSync(join(tmpdir(), "create-ops-skill-home-"));
    made.push(home);
    const before = snapshot(home);
    const result = create(["drift", "--yes"], dir, { env: { CODEX_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`add to ${home}/config.toml`);
    expect(result.stdout).toContain('trust_level = "trusted"');
    expect(snapshot(home)).toEqual(before);
  });
});
