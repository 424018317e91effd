/**
 * `effectiveSandbox` (@ops-skill/codex/config) against what the real Codex's sandbox let the
 * probe command do, as recorded in verdicts.json by `node conformance/record.mjs sandbox` (no
 * Codex needed here): for each case, the config files it holds are parsed into Codex's layers,
 * the `-c` overrides read as Codex reads them, and the model's answer (refusal, writes in the
 * working directory, /tmp, TMPDIR, HOME and a named folder, HTTP, raw TCP, the proxy) must be
 * what the probe saw. A case that runs a tool instead of the probe (`kubectl diff`) holds the
 * doctor's needs model to it: the tool stops on the read-only file system exactly when a path it
 * needs to write is not writable.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  canWrite,
  type EffectiveSandbox,
  effectiveSandbox,
  hostAllowed,
  type SandboxConfigLayer,
} from "../../packages/codex/src/config/index.js";
import { parseConfigFile, parseConfigOverride } from "../../packages/codex/src/config/load.js";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { commandNeeds } from "../../packages/doctor/src/needs.js";
import { simpleCommands } from "../../packages/lint/src/skill-commands.js";
import { listCases } from "../lib/corpus.js";
import {
  type ProbeAnswer,
  type SandboxCaseManifest,
  type SandboxProbe,
  type SandboxVerdict,
  SCRATCH,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(await readFile(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, SandboxVerdict>;
};
const cases = listCases<SandboxCaseManifest>(join(here, "cases"));

// Stand-ins for the run's folders: the model is pure, only the relations matter.
const CWD = "/run/project";
const HOME = "/run/home";
const SCRATCH_DIR = "/run/scratch";

function layersOf(dir: string, args: readonly string[], trusted: boolean): SandboxConfigLayer[] {
  const layers: SandboxConfigLayer[] = [];
  const add = (path: string, layer: SandboxConfigLayer["layer"]) => {
    if (!existsSync(path)) return;
    const parsed = parseConfigFile({ path, kind: "config-toml", text: readFileSync(path, "utf8") });
    if (parsed.syntaxError) throw new Error(`${path}: ${parsed.syntaxError.message}`);
    layers.push({ layer, model: parsed });
  };
  add(join(dir, "codex-home", "config.toml"), "user");
  const profile = args[args.indexOf("--profile") + 1];
  if (args.includes("--profile") && profile)
    add(join(dir, "codex-home", `${profile}.config.toml`), "profile");
  if (trusted) add(join(dir, "project", ".codex", "config.toml"), "project");
  return layers;
}

const values = (args: readonly string[], flag: string) =>
  args.flatMap((arg, i) => (args[i - 1] === flag ? [arg.replaceAll(SCRATCH, SCRATCH_DIR)] : []));

const yesNo = (value: boolean): ProbeAnswer => (value ? "yes" : "no");

/** Loopback and private addresses (the proxy's local check; IPv4 is enough for the cases). */
const LOCAL = /^(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.|0\.)/;

/**
 * What a proxied HTTP request to `host` gets, by the model: the allowlist (`hostAllowed`), then
 * the proxy's own check of the address the name resolves to (`hosts`: none offline), which
 * refuses a name it cannot resolve, or one on a local address, without `allow_local_binding`.
 */
function proxiedRequest(
  sandbox: EffectiveSandbox,
  host: string,
  hosts: Readonly<Record<string, string>> = {},
): string {
  if (sandbox.network.value !== "proxy") return `network ${sandbox.network.value}`;
  const entry = hostAllowed(sandbox, host);
  if (entry === undefined) return "domain is not on the allowlist for the current sandbox mode.";
  // A local address listed as itself is let through (the catalogue's stand-in, 127.0.0.1).
  if (isIP(host) && entry.host === host) return "reached";
  const address = isIP(host) ? host : hosts[host];
  const local = address === undefined || LOCAL.test(address);
  if (local && sandbox.allowLocalBinding?.value !== true)
    return "local/private network addresses are blocked by the sandbox policy.";
  return "reached";
}

describe("sandbox conformance: effectiveSandbox agrees with the real Codex", () => {
  it("has a verdict of the pinned Codex for every case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(verdicts.cases).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  for (const corpusCase of cases) {
    it(corpusCase.id, () => {
      const verdict = verdicts.cases[corpusCase.id] as SandboxVerdict;
      const args = corpusCase.manifest.args ?? [];
      const trusted = corpusCase.manifest.untrusted !== true;
      const tmpdir = corpusCase.manifest.tmpdir ? SCRATCH_DIR : null;
      const sandbox = effectiveSandbox({
        layers: layersOf(corpusCase.dir, args, trusted),
        overrides: values(args, "-c").flatMap((text) => parseConfigOverride(text) ?? []),
        ...(args.includes("--sandbox") ? { sandbox: values(args, "--sandbox")[0] } : {}),
        bypass: args.includes("--dangerously-bypass-approvals-and-sandbox"),
        addDirs: values(args, "--add-dir"),
        enable: values(args, "--enable"),
        disable: values(args, "--disable"),
        cwd: CWD,
        projectTrusted: trusted,
        tmpdir,
      });
      if (verdict.exitCode !== 0) {
        expect(sandbox.error?.value).toBe(verdict.error?.replace(/^Error: /, ""));
        return;
      }
      expect(sandbox.error).toBeUndefined();
      const proxied = /^curl [^|;]*http:\/\/([^/:]+):\{port\}\//.exec(verdict.command ?? "");
      if (proxied !== null) {
        expect(proxiedRequest(sandbox, proxied[1] as string, corpusCase.manifest.hosts)).toBe(
          verdict.output?.startsWith("stopped: ")
            ? verdict.output.replace(/^stopped: Network access to "[^"]+" was blocked: /, "")
            : verdict.output?.endsWith("curl exit 0")
              ? "reached"
              : verdict.output,
        );
        return;
      }
      if (verdict.command !== undefined) {
        // A tool's own need (the doctor's needs model): it runs exactly when what it writes is
        // writable; otherwise it stops on the read-only file system.
        const writes = simpleCommands(verdict.command).flatMap((c) => commandNeeds(c).writes);
        const writable = writes.every(
          (w) =>
            canWrite(sandbox, w.kind === "temp" ? (tmpdir ?? "/tmp") : `${CWD}/${w.path}`) !==
            undefined,
        );
        expect(verdict.output?.includes("read-only file system")).toBe(!writable);
        return;
      }
      if (verdict.probe === undefined) {
        // The command never ran: the sandbox left it nothing to read.
        expect(sandbox.readsNothing).toBe(true);
        return;
      }
      expect(sandbox.readsNothing).toBe(false);
      const network = sandbox.network.value;
      const predicted: SandboxProbe = {
        cwd: yesNo(canWrite(sandbox, `${CWD}/probe-cwd`) !== undefined),
        tmp: yesNo(canWrite(sandbox, "/tmp/probe") !== undefined),
        tmpdir:
          tmpdir === null ? "unset" : yesNo(canWrite(sandbox, `${tmpdir}/probe`) !== undefined),
        home: yesNo(canWrite(sandbox, `${HOME}/probe`) !== undefined),
        scratch: yesNo(canWrite(sandbox, `${SCRATCH_DIR}/probe-scratch`) !== undefined),
        http: yesNo(network !== "none"),
        tcp: yesNo(network === "full"),
        proxy: yesNo(network === "proxy"),
      };
      expect(predicted).toEqual(verdict.probe);
    });
  }
});
