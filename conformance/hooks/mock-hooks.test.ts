/**
 * mock-codex runs hooks as the real Codex does. For every hooks case, `mock-codex exec` runs in
 * the case's project with the user config the recording gave Codex (project trust, the case's
 * `userConfig`, the `trusted_hash` of each hook `hooks/list` reported, or the bypass flag) and a
 * cassette of the case's model turns, recorded as Codex ran them (the probe call run with its
 * output, blocked, or left without a result when a hook refused it). The hooks really run; the
 * stdout must be Codex's (`cases/<id>/stdout`, byte for byte) and the exit code Codex's. A hook
 * that decides otherwise than it did for Codex makes mock-codex stop naming the call, so the
 * test fails. No Codex needed here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { runExec } from "../../packages/mock-codex/src/exec.js";
import { casesDirOf } from "../lib/corpus.js";
import { setUp, type Verdict, verdicts } from "./case-setup.js";
import {
  caseArgs,
  DEFAULT_MODEL,
  PROBE_CALL_ID,
  PROBE_COMMAND,
  PROMPT,
  THREAD_ID_PLACEHOLDER,
} from "./record.js";

type Json = Record<string, unknown>;

/**
 * A cassette of the case's model turns as Codex ran them: the probe call (run, with the output
 * its item shows; blocked; or without a result), then the final message with the turn's usage.
 * Warnings are the ones Codex printed. (The cases' other tool calls are not shell calls, which
 * a version 1 cassette does not hold; Codex made no item for any of them.)
 */
function cassetteOf(stdout: string, verdict: Verdict): string {
  const events = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json);
  const records: Json[] = [
    {
      type: "cassette",
      version: 1,
      codex_version: CODEX_VERSION,
      invocation: { prompt: PROMPT, args: ["--json"] },
    },
  ];
  let started = false;
  let result: Json | undefined;
  let usage: Json | undefined;
  for (const event of events) {
    const item = event.item as Json | undefined;
    if (event.type === "turn.started") started = true;
    else if (!started && item?.type === "error")
      records.push({ type: "warning", message: item.message });
    else if (event.type === "item.completed" && item?.type === "command_execution")
      result = {
        type: "command_result",
        call_id: PROBE_CALL_ID,
        exit_code: item.exit_code,
        aggregated_output: item.aggregated_output,
      };
    else if (event.type === "turn.completed") usage = event.usage as Json;
  }
  const probe = { type: "exec_command", call_id: PROBE_CALL_ID, cmd: PROBE_COMMAND };
  records.push(
    verdict.blocked
      ? {
          type: "model_turn",
          output: [],
          blocked: [{ call_id: PROBE_CALL_ID, cmd: PROBE_COMMAND, output: verdict.probeOutput }],
        }
      : { type: "model_turn", output: [probe] },
  );
  if (result !== undefined) records.push(result);
  records.push({
    type: "model_turn",
    usage: usage ?? {},
    output: [{ type: "message", text: "done" }],
  });
  return `${records.map((record) => JSON.stringify(record)).join("\n")}\n`;
}

describe.concurrent(`mock-codex exec runs each hooks case's hooks as Codex ${CODEX_VERSION} did`, () => {
  for (const id of Object.keys(verdicts.cases)) {
    it(id, async () => {
      const { root, project, codexHome, home, manifest, verdict, unplace } = setUp(id);
      const recorded = unplace(readFileSync(join(casesDirOf("hooks"), id, "stdout"), "utf8"));
      const cassette = join(root, "session.jsonl");
      writeFileSync(cassette, cassetteOf(recorded, verdict));
      const result = await runExec(
        [
          "--json",
          "--skip-git-repo-check",
          "-m",
          manifest.model ?? DEFAULT_MODEL,
          ...caseArgs(manifest),
          "--cassette",
          cassette,
          PROMPT,
        ],
        {
          cwd: project,
          env: {
            ...process.env,
            HOME: home,
            CODEX_HOME: codexHome,
            MOCK_CODEX_THREAD_ID: THREAD_ID_PLACEHOLDER,
          },
          stdin: "",
        },
      );
      expect({ stdout: result.stdout, exitCode: result.exitCode, stderr: result.stderr }).toEqual({
        stdout: recorded,
        exitCode: verdict.exitCode,
        stderr: expect.any(String),
      });
    });
  }
});
