/**
 * Our hook verdicts against the real Codex's, as recorded in verdicts.json by
 * `node conformance/record.mjs hooks` (no Codex needed here). Every case's hook means to block
 * the probe command (or, for `rewrite` cases, to rewrite it). We report an error exactly when
 * Codex did not block it, except where the case says why and we report that below error level:
 * missing trust (hooks/untrusted, info in exec) and rewrites (nothing to report). A matcher
 * that never matches `Bash` under a hook that can block is an error, from
 * hooks/matcher-never-matches-bash: the guard never fires.
 * Also: our trust hash equals the `currentHash` Codex reported for every hook.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hookTrustHash, snakeEventName } from "@ops-skill/codex/config";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfigFile } from "../../packages/codex/src/config/load.js";
import { lint } from "../../packages/lint/src/engine/lint.js";

interface HookVerdict {
  case: string;
  notBlockedBecause?: "matcher" | "trust" | "rewrite";
  /** TOML the case adds to the user config; `<project>` is the project path. */
  userConfig?: string;
  exitCode: number;
  blocked: boolean;
  hooks: { key: string; currentHash: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, HookVerdict>;
};

/** The rule that names why the hook did not block, and whether it reports it as an error. */
const BECAUSE = {
  matcher: { rule: "hooks/matcher-never-matches-bash", error: true },
  trust: { rule: "hooks/untrusted", error: false },
  rewrite: { rule: undefined, error: false },
} as const;

const scratch = await mkdtemp(join(tmpdir(), "ops-skill-hooks-conformance-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

function configFiles(project: string): string[] {
  return [".codex/config.toml", ".codex/hooks.json"]
    .map((f) => join(project, f))
    .filter((f) => existsSync(f));
}

describe(`hooks conformance with Codex ${verdicts.codexVersion}`, () => {
  const cases = Object.values(verdicts.cases);
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const verdict of cases) {
    const what = verdict.blocked
      ? "blocks"
      : `does not block${verdict.notBlockedBecause ? ` (${verdict.notBlockedBecause})` : ""}`;
    it(`${verdict.case}: the hook ${what}`, async () => {
      const project = join(scratch, verdict.case);
      cpSync(join(here, "cases", verdict.case, "project"), project, { recursive: true });
      const codexHome = join(scratch, `${verdict.case}-codex-home`);
      mkdirSync(codexHome, { recursive: true });
      writeFileSync(
        join(codexHome, "config.toml"),
        (verdict.userConfig ?? "").split("<project>").join(project),
      );
      const result = await lint({
        paths: configFiles(project),
        cwd: project,
        config: {
          config: {
            rules: {
              "hooks/untrusted": ["info", { codexHome }],
              "hooks/disabled": ["error", { codexHome }],
            },
            ignores: [],
          },
          filepath: undefined,
          baseDir: project,
        },
      });
      const diagnostics = result.results.flatMap((r) => r.diagnostics);
      const shown = diagnostics
        .map((d) => `${d.severity} ${d.ruleId} ${d.line}:${d.column} ${d.message}`)
        .join("\n");
      const errors = diagnostics.filter((d) => d.severity === "error");
      const because = verdict.notBlockedBecause ? BECAUSE[verdict.notBlockedBecause] : undefined;
      if (because) {
        expect(verdict.blocked).toBe(false);
        if (because.error) expect(errors.length > 0, shown).toBe(true);
        else expect(errors, shown).toEqual([]);
        if (because.rule)
          expect(
            (because.error ? errors : diagnostics).map((d) => d.ruleId),
            shown,
          ).toContain(because.rule);
      } else {
        expect(errors.length > 0, shown).toBe(!verdict.blocked);
      }
    });
  }

  it("computes the trust hash Codex reports for every hook", () => {
    let compared = 0;
    for (const verdict of cases) {
      for (const hook of verdict.hooks) {
        const match = /^<project>\/(.+):([a-z_]+):(\d+):(\d+)$/.exec(hook.key);
        expect(match, hook.key).not.toBeNull();
        const [, file, event, group, handler] = match as unknown as [
          string,
          string,
          string,
          string,
          string,
        ];
        const path = join(here, "cases", verdict.case, "project", file);
        const parsed = parseConfigFile({
          path,
          kind: file.endsWith(".json") ? "hooks-json" : "config-toml",
          text: readFileSync(path, "utf8"),
        });
        expect(parsed.syntaxError).toBeUndefined();
        if (parsed.syntaxError) continue;
        const found = parsed.hooks.groups.find(
          (g) => snakeEventName(g.event) === event && g.index === Number(group),
        );
        const entry = found?.handlers.find((h) => h.index === Number(handler));
        expect(found && entry, `${verdict.case}: ${hook.key}`).toBeTruthy();
        if (!found || !entry) continue;
        expect(hookTrustHash(found, entry), `${verdict.case}: ${hook.key}`).toBe(hook.currentHash);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
