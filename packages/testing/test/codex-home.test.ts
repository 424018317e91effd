import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { entryOf, type LocatedTable, parseConfigFile } from "@ops-skill/codex/config-parse";
import { afterAll, describe, expect, test } from "vitest";
import { allowCallServerHost, buildCodexHome, parseTrust, trustConfigToml } from "../src/index.js";
import { SCHEDULE_REPO } from "./engines-repo.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-codex-home-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const HASH = `sha256:${"ab".repeat(32)}`;
let count = 0;

/** A repository holding `files` under schedule/. */
function repo(files: Record<string, string>): string {
  const root = join(scratch, `repo-${++count}`);
  mkdirSync(join(root, "schedule"), { recursive: true });
  for (const [name, text] of Object.entries(files))
    writeFileSync(join(root, "schedule", name), text);
  return root;
}

describe("buildCodexHome", () => {
  test("the fixture's schedule: the profile copied as it is, the trust with the checkout's path", () => {
    const dir = join(scratch, "home-fixture");
    const home = buildCodexHome({ root: SCHEDULE_REPO, dir, profile: "day-two" });
    expect(home.problems).toEqual([]);
    expect(home.codexHome).toBe(dir);
    expect(home.args).toEqual(["--profile", "day-two"]);
    expect(readdirSync(dir).sort()).toEqual(["config.toml", "day-two.config.toml"]);
    expect(readFileSync(join(dir, "day-two.config.toml"), "utf8")).toBe(
      readFileSync(join(SCHEDULE_REPO, "schedule", "day-two.config.toml"), "utf8"),
    );
    expect(readFileSync(join(dir, "config.toml"), "utf8")).toBe(
      `# Written by ops-skill test from schedule/trust.json.\n\n[projects.${JSON.stringify(SCHEDULE_REPO)}]\ntrust_level = "trusted"\n\n` +
        `[hooks.state.${JSON.stringify(`${SCHEDULE_REPO}/.codex/hooks.json:pre_tool_use:0:0`)}]\n` +
        'trusted_hash = "sha256:14a1847c4d6d9aa9e6a5e1bc30ee174b961a7ee18dcd5a744ca4e0b68201d7e0"\n',
    );
  });

  test("hooks become [hooks.state] entries keyed by the absolute hook file", () => {
    expect(
      trustConfigToml(
        {
          project: false,
          hooks: [{ key: ".codex/hooks.json:pre_tool_use:0:0", trustedHash: HASH }],
        },
        "/srv/ops",
      ),
    ).toBe(
      `# Written by ops-skill test from schedule/trust.json.\n\n[hooks.state."/srv/ops/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "${HASH}"\n`,
    );
  });

  test("a checkout path with any character (quotes, controls, DEL) stays TOML Codex reads, naming it exactly", () => {
    const root = '/srv/a "q" \\ \n\t\x7f\x01\u00e9\u{1f600}/x';
    const text = trustConfigToml(
      {
        project: true,
        hooks: [{ key: ".codex/hooks.json:pre_tool_use:0:0", trustedHash: HASH }],
      },
      root,
    );
    // TOML forbids raw control characters (DEL too) in a basic string; Codex refuses the file.
    const raw = (line: string) =>
      [...line].some((c) => {
        const code = c.charCodeAt(0);
        return (code < 0x20 && code !== 0x09) || code === 0x7f;
      });
    expect(text.split("\n").some(raw)).toBe(false);
    const parsed = parseConfigFile({ path: "config.toml", kind: "config-toml", text });
    expect(parsed.syntaxError).toBeUndefined();
    if (parsed.syntaxError !== undefined) return;
    const table = (name: string) => {
      const value = entryOf(parsed.top as LocatedTable, name)?.value as LocatedTable;
      return value.entries.map((entry) => entry.key);
    };
    expect(table("projects")).toEqual([root]);
    const hooks = entryOf(parsed.top as LocatedTable, "hooks")?.value as LocatedTable;
    const state = entryOf(hooks, "state")?.value as LocatedTable;
    expect(state.entries.map((e) => e.key)).toEqual([`${root}/.codex/hooks.json:pre_tool_use:0:0`]);
  });

  test("no schedule/ folder: an empty home, no flags, no problem (hooks untrusted, as a fresh machine)", () => {
    const root = join(scratch, "bare");
    mkdirSync(root, { recursive: true });
    const home = buildCodexHome({ root, dir: join(scratch, "home-bare") });
    expect(home).toMatchObject({ args: [], problems: [] });
    expect(readdirSync(home.codexHome)).toEqual([]);
  });

  test("a profile with no file, or not a profile name, is a problem naming the file", () => {
    const root = repo({});
    const missing = buildCodexHome({ root, dir: join(scratch, "h1"), profile: "nightly" });
    expect(missing.args).toEqual([]);
    expect(missing.problems).toHaveLength(1);
    expect(missing.problems[0]?.file).toBe("schedule/nightly.config.toml");
    expect(missing.problems[0]?.message).toBe(
      'the schedule profile "nightly" has no file (Codex would ignore --profile nightly silently)',
    );
    const path = buildCodexHome({ root, dir: join(scratch, "h2"), profile: "../etc" });
    expect(path.problems[0]?.message).toContain("is not a profile name");
  });

  test("malformed TOML and JSON name the file and line", () => {
    const root = repo({
      "day-two.config.toml":
        'default_permissions = "day-two"\n\n[permissions.day-two\nextends = ":read-only"\n',
      "trust.json": '{\n  "version": 1,\n  "project": true,\n  "hooks": [\n',
    });
    const home = buildCodexHome({ root, dir: join(scratch, "h3"), profile: "day-two" });
    expect(home.args).toEqual([]);
    expect(home.problems.map((p) => [p.file.split("/").slice(-2).join("/"), p.line])).toEqual([
      ["schedule/day-two.config.toml", 4],
      ["schedule/trust.json", 5],
    ]);
    expect(home.problems[0]?.message).toMatch(/^not valid TOML: /);
    expect(home.problems[1]?.message).toMatch(/^not JSON: /);
    expect(readdirSync(home.codexHome)).toEqual([]);
  });

  test("a trust file that is not as documented: each problem with its line", () => {
    const text = [
      "{",
      '  "version": 2,',
      '  "project": "yes",',
      '  "hooks": [',
      '    { "key": "/abs/.codex/hooks.json:pre_tool_use:0:0", "trusted_hash": "sha256:xyz" },',
      '    { "key": ".codex/hooks.json:pre_tool_use:0:1", "trusted_hash": "' +
        HASH +
        '", "note": 1 },',
      "    7",
      "  ],",
      '  "extra": true',
      "}",
    ].join("\n");
    const parsed = parseTrust(text, "schedule/trust.json");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '9: unknown key "extra" (version, project, hooks)',
      '2: "version" must be 1',
      '3: "project" must be true or false',
      '5: hooks[0].key must be the repository-relative hook file and handler, as ".codex/hooks.json:pre_tool_use:0:0"',
      '5: hooks[0].trusted_hash must be "sha256:" and 64 lowercase hex digits',
      '6: hooks[1]: unknown key "note" (key, trusted_hash)',
      '7: hooks[2] must be {"key": "<file>:pre_tool_use:<group>:<handler>", "trusted_hash": "sha256:<hex>"}',
    ]);
  });

  test("a trust.json that is a folder is a problem, not a crash", () => {
    const root = repo({});
    mkdirSync(join(root, "schedule", "trust.json"));
    const home = buildCodexHome({ root, dir: join(scratch, "h4") });
    expect(home.problems).toHaveLength(1);
    expect(home.problems[0]?.message).toMatch(/^the file /);
  });
});

describe("allowCallServerHost", () => {
  const allow = (text: string) => {
    const parsed = parseConfigFile({ path: "p.config.toml", kind: "config-toml", text });
    if (parsed.syntaxError !== undefined) throw new Error(parsed.syntaxError.message);
    const out = allowCallServerHost(text, parsed.value);
    const reparsed = parseConfigFile({ path: "p.config.toml", kind: "config-toml", text: out });
    expect(reparsed.syntaxError).toBeUndefined();
    return out;
  };
  const profile = 'default_permissions = "p"\n[permissions.p]\nextends = ":read-only"\n';

  test("a profile whose allowlist the proxy enforces gets 127.0.0.1 among its hosts", () => {
    const text = `${profile}[permissions.p.network.domains]\n"a.example" = "allow"\n\n[features]\nnetwork_proxy = true\n`;
    expect(allow(text)).toBe(
      `${profile}[permissions.p.network.domains]\n"127.0.0.1" = "allow"\n"a.example" = "allow"\n\n[features]\nnetwork_proxy = true\n`,
    );
    const bare = `${profile}[features]\nnetwork_proxy = true`;
    expect(allow(bare)).toBe(`${bare}\n\n[permissions.p.network.domains]\n"127.0.0.1" = "allow"\n`);
  });

  test("without the proxy, with the host listed, or with inline domains: unchanged", () => {
    for (const text of [
      `${profile}[permissions.p.network]\nenabled = true\n`,
      `${profile}[permissions.p.network.domains]\n"127.0.0.1" = "allow"\n[features]\nnetwork_proxy = true\n`,
      `${profile}[permissions.p.network]\ndomains = { "a.example" = "allow" }\n[features]\nnetwork_proxy = true\n`,
      `default_permissions = ":read-only"\n[features]\nnetwork_proxy = true\n`,
    ]) {
      expect(allow(text)).toBe(text);
    }
  });

  test("buildCodexHome writes the profile with the host allowed; the schedule's file is untouched", () => {
    const root = mkdtempSync(join(tmpdir(), "ops-skill-allow-"));
    try {
      mkdirSync(join(root, "schedule"));
      const text = `${profile}[permissions.p.network.domains]\n"a.example" = "allow"\n[features]\nnetwork_proxy = true\n`;
      writeFileSync(join(root, "schedule", "p.config.toml"), text);
      const home = buildCodexHome({ root, dir: join(root, "home"), profile: "p" });
      expect(home.problems).toEqual([]);
      expect(readFileSync(join(root, "home", "p.config.toml"), "utf8")).toContain(
        '"127.0.0.1" = "allow"',
      );
      expect(readFileSync(join(root, "schedule", "p.config.toml"), "utf8")).toBe(text);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
