import { describe, expect, it } from "vitest";
import { parseConfigFile, parseConfigOverride } from "./load.js";
import {
  canWrite,
  describeOrigin,
  effectiveSandbox,
  hostAllowed,
  hostMatches,
  type SandboxConfigLayer,
  type SandboxInput,
} from "./sandbox.js";

const layer = (path: string, layerName: SandboxConfigLayer["layer"], text: string) => {
  const parsed = parseConfigFile({ path, kind: "config-toml", text });
  if (parsed.syntaxError) throw new Error(parsed.syntaxError.message);
  return { layer: layerName, model: parsed };
};

const base: SandboxInput = {
  layers: [],
  overrides: [],
  cwd: "/srv/ops",
  projectTrusted: false,
  tmpdir: null,
};

const DAY_TWO = [
  'default_permissions = "day-two"',
  "",
  "[permissions.day-two]",
  'extends = ":read-only"',
  "",
  "[permissions.day-two.network]",
  "enabled = true",
  "",
].join("\n");

describe("effectiveSandbox", () => {
  it("names the file and line of a profile and of its network", () => {
    const sandbox = effectiveSandbox({
      ...base,
      layers: [layer("/home/ci/.codex/day-two.config.toml", "profile", DAY_TWO)],
    });
    expect(sandbox.setting).toBe("profile");
    expect(sandbox.profile?.value).toBe("day-two");
    expect(sandbox.profile?.origin).toMatchObject({ kind: "file", line: 1, layer: "profile" });
    expect(sandbox.extends?.value).toBe(":read-only");
    expect(sandbox.network.value).toBe("full");
    expect(sandbox.network.origin).toMatchObject({
      kind: "file",
      key: "permissions.day-two.network.enabled",
      line: 7,
    });
    expect(sandbox.writableRoots).toEqual([]);
    expect(sandbox.profile && describeOrigin(sandbox.profile.origin)).toBe(
      "default_permissions in /home/ci/.codex/day-two.config.toml:1",
    );
  });

  it("says which profile a --sandbox flag overrides", () => {
    const sandbox = effectiveSandbox({
      ...base,
      sandbox: "read-only",
      layers: [layer("/home/ci/.codex/config.toml", "user", DAY_TWO)],
    });
    expect(sandbox.setting).toBe("legacy");
    expect(sandbox.mode?.value).toBe("read-only");
    expect(sandbox.network.value).toBe("none");
    expect(sandbox.overridden).toEqual([
      expect.objectContaining({ setting: "profile", value: "day-two" }),
    ]);
  });

  it("says which sandbox_mode of a lower layer a profile beats, and the reverse", () => {
    const user = layer("/h/.codex/config.toml", "user", 'sandbox_mode = "workspace-write"\n');
    const profile = layer("/h/.codex/p.config.toml", "profile", DAY_TWO);
    const won = effectiveSandbox({ ...base, layers: [user, profile] });
    expect(won.setting).toBe("profile");
    expect(won.overridden[0]).toMatchObject({ setting: "legacy", value: "workspace-write" });
    const lost = effectiveSandbox({
      ...base,
      layers: [user, profile],
      overrides: [{ key: "sandbox_mode", value: "read-only" }],
    });
    expect(lost.mode).toEqual({
      value: "read-only",
      origin: { kind: "override", index: 0, key: "sandbox_mode" },
    });
    expect(lost.overridden[0]).toMatchObject({ setting: "profile", value: "day-two" });
  });

  it("merges a profile's tables over the layers and a -c table value", () => {
    const sandbox = effectiveSandbox({
      ...base,
      tmpdir: "/run/tmp",
      layers: [layer("/h/.codex/config.toml", "user", DAY_TWO)],
      overrides: [
        { key: "permissions.day-two.filesystem", value: { ":tmpdir": "write" } },
        { key: "permissions.day-two.network.domains", value: { "*.example.com": "allow" } },
        { key: "features.network_proxy", value: true },
      ],
    });
    expect(sandbox.network.value).toBe("proxy");
    expect(sandbox.filesystem).toEqual([
      expect.objectContaining({ path: ":tmpdir", access: "write" }),
    ]);
    expect(canWrite(sandbox, "/run/tmp/kubectl-diff")).toMatchObject({ path: "/run/tmp" });
    expect(canWrite(sandbox, "/tmp/x")).toBeUndefined();
    expect(hostAllowed(sandbox, "api.example.com")?.host).toBe("*.example.com");
    expect(hostAllowed(sandbox, "example.org")).toBeUndefined();
  });

  it("matches allowlist entries as Codex's proxy does (conformance/sandbox proxy-* cases)", () => {
    const measured: [string, string, boolean][] = [
      ["*.example.com", "api.example.com", true],
      ["*.example.com", "a.b.example.com", true],
      ["*.example.com", "example.com", false],
      ["*.example.com", "api.other.test", false],
      ["**.example.com", "example.com", true],
      ["**.example.com", "api.example.com", true],
      ["example.com", "example.com", true],
      ["example.com", "api.example.com", false],
      ["*", "api.other.test", true],
    ];
    for (const [entry, host, passes] of measured)
      expect({ entry, host, passes: hostMatches(entry, host) }).toEqual({ entry, host, passes });
    // Case and a trailing dot do not matter; a name is no suffix of another.
    expect(hostMatches("*.Example.COM", "API.example.com.")).toBe(true);
    expect(hostMatches("*.example.com", "notexample.com")).toBe(false);
    expect(hostMatches("**.example.com", "badexample.com")).toBe(false);
  });

  it("lets a matching deny win, and reads allow_local_binding", () => {
    const sandbox = effectiveSandbox({
      ...base,
      layers: [layer("/h/.codex/config.toml", "user", DAY_TWO)],
      overrides: [
        {
          key: "permissions.day-two.network.domains",
          value: { "**.example.com": "allow", "admin.example.com": "deny" },
        },
        { key: "permissions.day-two.network.allow_local_binding", value: true },
        { key: "features.network_proxy", value: true },
      ],
    });
    expect(hostAllowed(sandbox, "example.com")?.host).toBe("**.example.com");
    expect(hostAllowed(sandbox, "admin.example.com")).toBeUndefined();
    expect(sandbox.allowLocalBinding?.value).toBe(true);
  });

  it("refuses an undefined profile as Codex does", () => {
    const sandbox = effectiveSandbox({
      ...base,
      overrides: [{ key: "default_permissions", value: "nope" }],
    });
    expect(sandbox.error?.value).toBe("default_permissions requires a `[permissions]` table");
  });

  it("defaults by trust, and adds --add-dir only under workspace-write", () => {
    expect(effectiveSandbox(base).mode?.value).toBe("read-only");
    const trusted = effectiveSandbox({ ...base, projectTrusted: true, addDirs: ["out"] });
    expect(trusted.mode?.value).toBe("workspace-write");
    expect(canWrite(trusted, "/srv/ops/out/report.json")).toBeDefined();
    expect(effectiveSandbox({ ...base, addDirs: ["/x"] }).writableRoots).toEqual([]);
  });
});

describe("parseConfigOverride", () => {
  it("parses TOML values and falls back to the text", () => {
    expect(parseConfigOverride("sandbox_mode=workspace-write")).toEqual({
      key: "sandbox_mode",
      value: "workspace-write",
      toml: false,
    });
    expect(parseConfigOverride('default_permissions="net"')?.value).toBe("net");
    expect(parseConfigOverride(" features.network_proxy = true")).toEqual({
      key: "features.network_proxy",
      value: true,
      toml: true,
    });
    expect(parseConfigOverride('p={extends=":read-only"}')?.value).toEqual({
      extends: ":read-only",
    });
    expect(parseConfigOverride("no-equals")).toBeUndefined();
  });
});
