/**
 * Bad input: a clear message on stderr, a non-zero exit (1 refused, 2 usage), never a stack
 * trace, and the repository (and the Codex home) byte for byte as they were.
 */

import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create, createBin, interrupt, missingTrust, snapshot, tempRepo } from "./helpers.js";

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
    // Valid for Codex, but the report schema's types are named after it.
    ["123", "starts with a digit", undefined],
    ["café-check", "a character other than", "cafe-check"],
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

  it("refuses a file where a folder of the skill's path goes (exit 1, not a crash)", () => {
    const dir = repo();
    writeFileSync(join(dir, ".agents"), "a file\n");
    refused(
      dir,
      ["drift", "--yes"],
      1,
      /^create-ops-skill: \.agents \(in the path of .*\) exists and is not a folder\n$/,
    );
  });

  it("refuses a skill folder a link would put outside the repository", () => {
    const dir = repo();
    const outside = repo(false);
    symlinkSync(outside, join(dir, ".agents"));
    refused(dir, ["drift", "--yes"], 1, /is outside the repository: \.agents leads to /, {}, [
      outside,
    ]);
  });

  it("follows a link that stays inside the repository (.agents/skills -> ../skills)", () => {
    const dir = repo();
    mkdirSync(join(dir, "skills"));
    mkdirSync(join(dir, ".agents"));
    symlinkSync("../skills", join(dir, ".agents/skills"));
    expect(create(["drift", "--yes"], dir).code).toBe(0);
    expect(existsSync(join(dir, "skills/drift/SKILL.md"))).toBe(true);
  });

  it("a Codex home it cannot write under --trust refuses the whole scaffold (as an unprivileged user)", () => {
    const dir = repo();
    const home = mkdtempSync(join(tmpdir(), "create-ops-skill-home-"));
    made.push(home);
    chmodSync(home, 0o755);
    spawnSync("chown", ["-R", "65534:65534", dir]);
    refused(
      dir,
      ["drift", "--yes", "--trust"],
      1,
      /^create-ops-skill: cannot write .*config\.toml: .*permission denied \(EACCES\); nothing was written\n$/,
      { unprivileged: true, env: { CODEX_HOME: home } },
      [home],
    );
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

  it.each([
    ['{ "version": 1, "hooks": {} }\n', /line 1: unknown top-level key `version`/],
    ['{\n  "PreToolUse": []\n}\n', /line 2: unknown top-level key `PreToolUse`/],
  ])(
    "refuses a hooks.json Codex skips whole (%j): the guard added there would never run",
    (text, why) => {
      const dir = repo();
      mkdirSync(join(dir, ".codex"));
      writeFileSync(join(dir, ".codex/hooks.json"), text);
      refused(dir, ["drift", "--yes"], 1, why);
    },
  );

  it("refuses a .codex/config.toml Codex refuses (the legacy [[hooks]] array): no run would start", () => {
    const dir = repo();
    mkdirSync(join(dir, ".codex"));
    writeFileSync(
      join(dir, ".codex/config.toml"),
      'model = "gpt-5.4"\n[[hooks]]\nevent = "PreToolUse"\ncommand = "true"\n',
    );
    refused(
      dir,
      ["drift", "--yes"],
      1,
      /^create-ops-skill: \.codex\/config\.toml line 2: the legacy \[\[hooks\]\] array: Codex refuses the whole config/,
    );
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
    [["--dir", ".git/drift", "--yes", "drift"], /is inside the repository's \.git folder/],
    // -drift is -d rift to a parser: the user most likely meant a name.
    [
      ["-drift", "--yes"],
      /"-drift" reads as -d rift \(--dir\); a skill name cannot start with "-"/,
    ],
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
    expect(missingTrust(after, dir)).toEqual([]);
    const second = create(["k8s", "-t", "k8s-health", "--yes", "--trust"], dir, {
      env: { CODEX_HOME: home },
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already trusts the project and its guard hook");
    expect(readFileSync(join(home, "config.toml"), "utf8")).toBe(after);
  });

  it("--trust writes through a config.toml that is a link (dotfiles kept elsewhere), keeping the link", () => {
    const dir = repo();
    const home = repo(false);
    const dotfiles = repo(false);
    writeFileSync(join(dotfiles, "config.toml"), 'model = "gpt-5.4"\n');
    symlinkSync(join(dotfiles, "config.toml"), join(home, "config.toml"));
    const result = create(["drift", "--yes", "--trust"], dir, { env: { CODEX_HOME: home } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(lstatSync(join(home, "config.toml")).isSymbolicLink()).toBe(true);
    const config = readFileSync(join(dotfiles, "config.toml"), "utf8");
    expect(config.startsWith('model = "gpt-5.4"\n')).toBe(true);
    expect(config).toContain(`[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`);
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

describe("interrupted (Ctrl-C)", () => {
  it("while the schema's types are generated: exit 130, nothing written, no scratch folder left", async () => {
    const dir = repo();
    const tmp = repo(false);
    const before = snapshot(dir);
    const ended = await interrupt(
      createBin,
      dir,
      // A folder away from the default, which the schema names: its types are generated.
      ["my-drift", "--template", "drift-check", "--dir", "ops/my-drift", "--yes"],
      (t) => readdirSync(t).some((f) => f.startsWith("create-ops-skill-types-")),
      tmp,
    );
    expect(ended).toEqual({
      code: 130,
      signal: null,
      stderr: "create-ops-skill: interrupted; nothing was written\n",
    });
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it("while the files are written: all or nothing, never a part or a temporary file", async () => {
    // The first folder the writer makes is the signal to interrupt it; a run that finishes
    // first (a fast machine) must have written everything, and another attempt is made.
    let stopped = 0;
    for (let attempt = 0; attempt < 6 && stopped === 0; attempt++) {
      const dir = repo();
      const tmp = repo(false);
      const before = snapshot(dir);
      const ended = await interrupt(
        createBin,
        dir,
        ["drift", "--yes"],
        () => existsSync(join(dir, ".codex")),
        tmp,
      );
      if (ended.code === 130) {
        stopped++;
        expect(ended.stderr).toBe("create-ops-skill: interrupted; nothing was written\n");
        expect(snapshot(dir)).toEqual(before);
      } else {
        expect(ended.code === 0 || ended.signal === "SIGINT", ended.stderr).toBe(true);
        const entries = Object.keys(snapshot(dir));
        expect(entries).toContain("/.agents/skills/drift/SKILL.md");
        expect(entries).toContain("/.github/workflows/ops-skill.yml");
        expect(entries.filter((e) => /ops-skill-tmp|\.create-/.test(e))).toEqual([]);
      }
    }
    expect(stopped).toBe(1);
  }, 120_000);
});

describe("output nobody reads", () => {
  it("a closed pipe on stdout (| head -1): no stack trace, the skill written, exit 0", async () => {
    const dir = repo();
    const child = spawn(process.execPath, [createBin, "drift", "--yes"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(existsSync(join(dir, ".agents/skills/drift/SKILL.md"))).toBe(true);
  });
});
