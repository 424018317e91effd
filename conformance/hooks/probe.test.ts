/**
 * `ops-skill hooks probe` agrees with the real Codex on every hooks case: probing the case's
 * project, set up as its recording was (trust, user config, the bypass flag), with the probe
 * command, it says blocked exactly when Codex blocked, with what the model read, and reports
 * a config Codex refused. The hooks really run; no Codex needed here.
 */
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { probeHooks } from "../../packages/mock-codex/src/probe.js";
import { setUp, verdicts } from "./case-setup.js";
import { PROBE_COMMAND } from "./record.js";

interface ProbeVerdict {
  exitCode: number;
  blocked: boolean;
  probeOutput: string | null;
  notBlockedBecause?: string;
}

describe.concurrent(`hooks probe agrees with Codex ${CODEX_VERSION} on each hooks case`, () => {
  for (const id of Object.keys(verdicts.cases)) {
    it(id, async () => {
      const { project, codexHome, home, manifest, unplace } = setUp(id);
      const verdict = verdicts.cases[id] as ProbeVerdict;
      const report = await probeHooks({
        cwd: project,
        env: { ...process.env, HOME: home, CODEX_HOME: codexHome },
        flags: {
          bypassTrust: (manifest.trust ?? "hash") === "bypass",
          trustProject: false,
          enable: [],
          disable: [],
          config: [],
        },
        commands: [{ command: PROBE_COMMAND, forbidden: true }],
      });
      const [result] = report.commands;
      expect({
        blocked: result?.blocked,
        reason: verdict.blocked ? result?.reason : null,
        configRefused: report.configError !== null,
      }).toEqual({
        blocked: verdict.blocked,
        reason: verdict.blocked ? unplace(verdict.probeOutput ?? "") : null,
        configRefused: verdict.exitCode !== 0,
      });
      // A hook that means to rewrite is reported as rewriting (or refused), not as blocking.
      if (verdict.notBlockedBecause === "rewrite")
        expect(result?.hooks.map((hook) => hook.outcome)).toEqual([
          verdict.probeOutput?.startsWith("Process exited") ? "rewrites" : "refuses",
        ]);
    });
  }
});
