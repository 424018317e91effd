/**
 * The context domain: what the model gets of a long command output. Each case prints a generated
 * output (`output`: a pattern repeated `count` times, `{n}` the 0-based repetition as 5 digits)
 * with one `exec_command` call (`cat` of the generated file, with the case's `max_output_tokens`
 * when it gives one) under the case's `model`, and records the `function_call_output` Codex sent
 * back: its header's `Original token count` and the output text after `Output:\n`, as its size,
 * sha256, first and last 120 characters and cut marker (a 40 KB text stays out of the verdicts;
 * the hash pins it byte for byte). `checks/context.ts` of @ops-skill/testing is held to them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assistantMessage, errorItemMessages, toolCallOutput } from "@ops-skill/codex";
import type { CaseManifest, CorpusCase } from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";
import { execAgainstStub } from "../lib/stub-exec.js";

export interface ContextCaseManifest extends CaseManifest {
  /** The model named with `-m` (one Codex knows, or not). */
  model: string;
  /** The call's `max_output_tokens`; Codex's default when absent. */
  maxOutputTokens?: number;
  /** The output: `pattern` repeated `count` times, `{n}` replaced by the repetition's number. */
  output: { pattern: string; count: number };
}

export interface ContextVerdict {
  model: string;
  maxOutputTokens: number | null;
  /** The warning item Codex printed about the model (none for a model it knows). */
  modelWarning: string | null;
  /** The command's output, as the command printed it. */
  outputBytes: number;
  /** The header's `Original token count`. */
  originalTokenCount: number;
  /** The text after `Output:\n` that the model got. */
  text: { bytes: number; sha256: string; start: string; marker: string | null; end: string };
}

const CALL_ID = "call_context";
const MODEL_WARNING = /^Model metadata for /;

/** The case's output, byte for byte (also what the test feeds the model of the cut). */
export function generateOutput(output: ContextCaseManifest["output"]): string {
  const parts: string[] = [];
  for (let n = 0; n < output.count; n++)
    parts.push(output.pattern.replaceAll("{n}", String(n).padStart(5, "0")));
  return parts.join("");
}

/** What a verdict keeps of the text the model got. */
export function summarizeText(text: string): ContextVerdict["text"] {
  const marker = /…\d+ (?:tokens|chars) truncated…/.exec(text);
  return {
    bytes: Buffer.byteLength(text, "utf8"),
    sha256: createHash("sha256").update(text, "utf8").digest("hex"),
    start: text.slice(0, 120),
    marker: marker === null ? null : marker[0],
    end: text.slice(-120),
  };
}

function validate(corpusCase: CorpusCase<ContextCaseManifest>): void {
  const { model, maxOutputTokens, output } = corpusCase.manifest;
  if (
    typeof model !== "string" ||
    (maxOutputTokens !== undefined && !Number.isInteger(maxOutputTokens)) ||
    typeof output?.pattern !== "string" ||
    !Number.isInteger(output?.count)
  )
    throw new Error(`context case ${corpusCase.id}: needs model, output {pattern, count}`);
}

export const contextDomain: Domain<ContextCaseManifest, ContextVerdict> = {
  name: "context",
  concurrency: 2,
  validate,
  describe: (verdict) =>
    `${verdict.outputBytes} bytes -> ${verdict.text.bytes} (${verdict.text.marker ?? "whole"})`,
  async record(corpusCase, { bin, runDir }) {
    const { model, maxOutputTokens, output } = corpusCase.manifest;
    const project = join(runDir, "project");
    mkdirSync(project, { recursive: true });
    const printed = generateOutput(output);
    writeFileSync(join(project, "output.txt"), printed);
    const { result, requests } = await execAgainstStub({
      bin,
      runDir,
      cwd: project,
      prompt: "Print the file.",
      model,
      extraArgs: ["--sandbox", "danger-full-access"],
      turns: [
        {
          items: [
            {
              type: "function_call",
              name: "exec_command",
              arguments: JSON.stringify({
                cmd: "cat output.txt",
                ...(maxOutputTokens === undefined ? {} : { max_output_tokens: maxOutputTokens }),
              }),
              call_id: CALL_ID,
            },
          ],
        },
        { items: [assistantMessage("done")] },
      ],
    });
    const answer = toolCallOutput(requests, CALL_ID);
    const header = answer === undefined ? null : /^([\s\S]*?\n)Output:\n/.exec(answer);
    const count = header === null ? null : /^Original token count: (\d+)$/m.exec(header[1] ?? "");
    if (result.exitCode !== 0 || answer === undefined || header === null || count === null) {
      throw new Error(
        `context case ${corpusCase.id}: codex exec exited ${result.exitCode}, ` +
          `${requests.length} requests, output ${JSON.stringify(answer?.slice(0, 200))}\n${result.stderr}`,
      );
    }
    return {
      model,
      maxOutputTokens: maxOutputTokens ?? null,
      modelWarning:
        errorItemMessages(result.events).find((message) => MODEL_WARNING.test(message)) ?? null,
      outputBytes: Buffer.byteLength(printed, "utf8"),
      originalTokenCount: Number(count[1]),
      text: summarizeText(answer.slice(header[0].length)),
    };
  },
};
