import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyDoctorFixes } from "../src/fix.js";
import type { DoctorFix, DoctorResult, Verdict } from "../src/model.js";
import { invocation } from "./sample-result.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fix");
const WORKFLOW = ".github/workflows/drift.yml";
const FLAG = "--sandbox read-only ";

let root: string;
let home: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ops-skill-doctor-fix-"));
  home = mkdtempSync(join(tmpdir(), "ops-skill-doctor-home-"));
  cpSync(FIXTURE, root, { recursive: true });
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function resultWith(...verdicts: Partial<Verdict>[]): DoctorResult {
  return {
    runs: [
      {
        invocation: invocation(root),
        verdicts: verdicts.map((v) => ({
          check: "sandbox",
          status: "breaks",
          title: "t",
          reason: "r",
          location: { file: join(root, WORKFLOW), line: 9, column: 16 },
          ...v,
        })),
      },
    ],
    problems: [],
    schedulesRead: [join(root, WORKFLOW)],
  };
}

function dropFlag(): DoctorFix {
  const path = join(root, WORKFLOW);
  const start = readFileSync(path, "utf8").indexOf(FLAG);
  return {
    kind: "edit",
    path,
    start,
    end: start + FLAG.length,
    text: "",
    description: "drop --sandbox read-only",
  };
}

const profile = (): DoctorFix => ({
  kind: "write",
  path: join(root, "schedule/day-two.config.toml"),
  content: 'default_permissions = "day-two"\n',
  description: "write the permission profile",
});

describe("doctor --fix", () => {
  it("edits the schedule and writes the new file together, folders made", async () => {
    const outcome = await applyDoctorFixes(resultWith({ fixes: [dropFlag(), profile()] }), {
      root,
      consent: false,
    });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.changed.map((c) => c.path.slice(root.length + 1))).toEqual([
      WORKFLOW,
      "schedule/day-two.config.toml",
    ]);
    expect(readFileSync(join(root, WORKFLOW), "utf8")).toContain(
      "run: codex exec --profile day-two 'Run $drift-check'",
    );
    expect(readFileSync(join(root, "schedule/day-two.config.toml"), "utf8")).toBe(
      'default_permissions = "day-two"\n',
    );
  });

  it("leaves a verdict that works alone, and the same fix of two runs is applied once", async () => {
    const fix = dropFlag();
    const result = resultWith(
      { fixes: [fix] },
      { fixes: [fix] },
      { status: "works", fixes: [profile()] },
    );
    const outcome = await applyDoctorFixes(result, { root, consent: false });
    expect(outcome.changed).toHaveLength(1);
    expect(outcome.skipped).toEqual([]);
  });

  it("changes the user's Codex home only with consent", async () => {
    const trust: DoctorFix = {
      kind: "write",
      path: join(home, "config.toml"),
      content: '[projects."/x"]\ntrust_level = "trusted"\n',
      description: "trust the project",
    };
    const result = resultWith({ check: "hooks", fixes: [trust], consent: true });
    const without = await applyDoctorFixes(result, { root, consent: false });
    expect(without.changed).toEqual([]);
    expect(without.skipped[0]?.why).toMatch(/--trust/);
    const withConsent = await applyDoctorFixes(result, { root, consent: true });
    expect(withConsent.changed.map((c) => c.path)).toEqual([join(home, "config.toml")]);
  });

  it("writes nothing when one file cannot be written", async () => {
    const before = readFileSync(join(root, WORKFLOW), "utf8");
    chmodSync(join(root, WORKFLOW), 0o444);
    const outcome = await applyDoctorFixes(resultWith({ fixes: [profile(), dropFlag()] }), {
      root,
      consent: false,
    });
    expect(outcome.failure).toMatch(/nothing was written$/);
    expect(readFileSync(join(root, WORKFLOW), "utf8")).toBe(before);
    expect(() => readFileSync(join(root, "schedule/day-two.config.toml"))).toThrow();
  });

  it("removes the folders it made for new files when a later file cannot be written", async () => {
    const locked = join(root, "zz/config.toml");
    chmodSync(locked, 0o444);
    const edit: DoctorFix = {
      kind: "edit",
      path: locked,
      start: 0,
      end: 0,
      text: "# x\n",
      description: "d",
    };
    const outcome = await applyDoctorFixes(resultWith({ fixes: [profile(), edit] }), {
      root,
      consent: false,
    });
    expect(outcome.failure).toMatch(/nothing was written$/);
    expect(existsSync(join(root, "schedule"))).toBe(false);
    expect(readFileSync(locked, "utf8")).toBe('sandbox_mode = "read-only"\n');
  });
});
