import { describe, expect, it } from "vitest";
import {
  parseCodexLogLines,
  parseHookStatuses,
  parseSkillLoadFailures,
  parseTraversalLimitHits,
  stripAnsi,
} from "../src/index.js";
import { readFixture } from "./fixtures.js";

const PROJECT = "/work/main/.cache/runs/conformance/yaml-retry-refuses/project";

describe("parseSkillLoadFailures", () => {
  const stderr = readFixture("stderr-yaml-retry-refuses.txt");

  it("reads every refusal of a real run, with path and reason", () => {
    const failures = parseSkillLoadFailures(stderr);
    expect(failures).toHaveLength(21);
    expect(failures[0]).toEqual({
      path: `${PROJECT}/.agents/skills/bad-indentation/SKILL.md`,
      reason: "invalid YAML: mapping values are not allowed in this context at line 2 column 13",
    });
    expect(failures.map((failure) => failure.reason)).toContain(
      "invalid YAML: did not find expected comment or line break at line 2 column 16, while scanning a block scalar at line 2 column 14",
    );
  });

  it("splits at SKILL.md even when the directory holds ': '", () => {
    const line =
      "2026-01-01T00:00:00.000000Z ERROR codex_core::session::session: failed to load skill /p/odd: dir/SKILL.md: missing field `description`";
    expect(parseSkillLoadFailures(line)).toEqual([
      { path: "/p/odd: dir/SKILL.md", reason: "missing field `description`" },
    ]);
  });

  it("ignores lines that are not refusals", () => {
    expect(parseSkillLoadFailures("Reading additional input from stdin...\n")).toEqual([]);
  });
});

describe("parseTraversalLimitHits", () => {
  it("turns the printed file URI into a path", () => {
    expect(parseTraversalLimitHits(readFixture("stderr-traversal-limit.txt"))).toEqual([
      {
        root: "/work/main/.cache/runs/conformance/traversal-limit-2000-directories/project/.codex/skills",
        printedRoot:
          "file:///work/main/.cache/runs/conformance/traversal-limit-2000-directories/project/.codex/skills",
      },
    ]);
  });

  it("decodes percent-escapes in the URI", () => {
    const line =
      "2026-01-01T00:00:00Z ERROR codex_skills_extension::loader::host: skills scan reached its traversal limit (root: file:///tmp/a%20b/.agents/skills)";
    expect(parseTraversalLimitHits(line)[0]?.root).toBe("/tmp/a b/.agents/skills");
  });
});

describe("log lines", () => {
  it("strips the app server's ANSI colours", () => {
    const stderr = readFixture("stderr-app-server-ansi.txt");
    expect(stripAnsi(stderr)).not.toContain("\u001b[");
    const [first] = parseCodexLogLines(stderr);
    expect(first).toMatchObject({ level: "ERROR", target: "codex_app_server" });
    expect(first?.message).toMatch(/^Codex could not find bubblewrap on PATH\./);
  });

  it("reads level, target and message of exec's plain lines", () => {
    const lines = parseCodexLogLines(readFixture("stderr-traversal-limit.txt"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      timestamp: "2026-11-25T12:30:28.339750Z",
      level: "ERROR",
      target: "codex_skills_extension::loader::host",
    });
  });
});

describe("parseHookStatuses", () => {
  it("reads every finished hook run of a human-readable log, in order", () => {
    // Hooks case `tool-names-apply-patch`: `hook: PreToolUse` starts a run, `hook: PreToolUse
    // <status>` ends it; log lines and a multi-line blocked patch come in between.
    expect(parseHookStatuses(readFixture("stderr-hook-statuses.txt"))).toEqual(
      [
        "Blocked",
        "Blocked",
        "Completed",
        "Completed",
        "Completed",
        "Blocked",
        "Completed",
        "Blocked",
      ].map((status) => ({ event: "PreToolUse", status })),
    );
  });

  it("ignores lines that only start a run or say something else", () => {
    expect(
      parseHookStatuses("hook: PreToolUse\nhook: PreToolUse Failed extra\nno hook: X Y\n"),
    ).toEqual([]);
    expect(parseHookStatuses("  hook: PostToolUse Failed\r\n")).toEqual([
      { event: "PostToolUse", status: "Failed" },
    ]);
  });
});
