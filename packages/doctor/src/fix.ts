/**
 * `ops-skill doctor --fix`: the safe fixes of the verdicts, written together or not at all
 * through core's one writer. A fix outside the repository (the user's Codex home) is applied
 * only with consent (`--trust`); edits of one file are applied as the linter applies fixes.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import {
  type Diagnostic,
  describeWriteFailure,
  isInside,
  makeFolders,
  readRegularText,
  type StagedWrite,
  stageWrite,
} from "@ops-skill/core";
import { applyFixes } from "@ops-skill/lint";
import type { DoctorFix, DoctorResult } from "./model.js";

export interface FixOutcome {
  /** The files changed, with what was done to each. */
  changed: { path: string; descriptions: string[] }[];
  /** Fixes not applied, and why (no consent, a file that cannot be read, overlapping edits). */
  skipped: { path: string; description: string; why: string }[];
  /** Set when nothing was written because one file could not be: every file is as it was. */
  failure?: string;
}

export async function applyDoctorFixes(
  result: DoctorResult,
  options: { root: string; consent: boolean },
): Promise<FixOutcome> {
  const skipped: FixOutcome["skipped"] = [];
  const byPath = new Map<string, DoctorFix[]>();
  for (const { verdicts } of result.runs)
    for (const verdict of verdicts) {
      if (verdict.status === "works") continue;
      for (const fix of verdict.fixes ?? []) {
        if (verdict.consent && !options.consent) {
          skipped.push({
            path: fix.path,
            description: fix.description,
            why: "it changes your Codex home: run again with --trust to apply it",
          });
          continue;
        }
        const list = byPath.get(fix.path) ?? [];
        // The same fix from two runs of one schedule is one fix.
        if (!list.some((f) => JSON.stringify(f) === JSON.stringify(fix))) list.push(fix);
        byPath.set(fix.path, list);
      }
    }
  const planned: { path: string; text: string; descriptions: string[] }[] = [];
  for (const [path, fixes] of [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const writes = fixes.filter((f) => f.kind === "write");
    const edits = fixes.filter((f) => f.kind === "edit");
    if (writes.length > 0) {
      const [first, ...others] = writes;
      if (!first) continue;
      for (const other of [...others.filter((o) => o.content !== first.content), ...edits])
        skipped.push({
          path,
          description: other.description,
          why: "another fix rewrites this file",
        });
      planned.push({ path, text: first.content, descriptions: [first.description] });
      continue;
    }
    const read = readRegularText(path);
    if (!read.ok) {
      for (const edit of edits)
        skipped.push({ path, description: edit.description, why: read.problem });
      continue;
    }
    const asDiagnostics = edits.map(
      (edit) =>
        ({
          fix: {
            description: edit.description,
            edits: [{ range: [edit.start, edit.end], text: edit.text }],
          },
        }) as unknown as Diagnostic,
    );
    const { text, applied } = applyFixes(read.text, asDiagnostics);
    if (applied < edits.length)
      skipped.push({
        path,
        description: `${edits.length - applied} more fix${edits.length - applied === 1 ? "" : "es"}`,
        why: "they overlap another fix of the file: run --fix again",
      });
    planned.push({ path, text, descriptions: edits.map((e) => e.description) });
  }
  const staged: StagedWrite[] = [];
  const made: string[] = [];
  const abort = async (failure: string): Promise<FixOutcome> => {
    for (const s of staged) await s.abort();
    // Folders made for new files go too: the tree is as it was.
    for (const folder of made.reverse()) rmSync(folder, { recursive: true, force: true });
    return { changed: [], skipped, failure: `${failure}; nothing was written` };
  };
  for (const plan of planned) {
    const root = isInside(options.root, plan.path) ? options.root : dirname(plan.path);
    try {
      const first = makeFolders(dirname(plan.path));
      if (first !== undefined) made.push(first);
    } catch (error) {
      return abort(`cannot create ${dirname(plan.path)}: ${(error as Error).message}`);
    }
    const result = await stageWrite(plan.path, plan.text, { root });
    if (!result.ok) return abort(describeWriteFailure(result));
    staged.push(result);
  }
  const changed: FixOutcome["changed"] = [];
  for (const [index, s] of staged.entries()) {
    const written = await s.commit();
    if (!written.ok) return { changed, skipped, failure: describeWriteFailure(written) };
    const plan = planned[index];
    if (plan && s.changed) changed.push({ path: plan.path, descriptions: plan.descriptions });
  }
  return { changed, skipped };
}
