/** What the tests that drive the real Codex share: the binary, the recorded cases, thread ids. */
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireCodexBinary } from "@ops-skill/codex";

/** The Codex binary; run by `npm run test:codex`, which installs it first, never skipped. */
export const codexBin = (): string => requireCodexBinary();

export const CASES = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../conformance/mock/cases",
);
/** The thread id the recorded transcripts hold. */
export const PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

/** `--json` stdout with its random thread id replaced by the recorded placeholder. */
export function withPlaceholderThread(stdout: string): string {
  return stdout.replace(/^(\{"type":"thread\.started","thread_id":")[^"]*"/m, `$1${PLACEHOLDER}"`);
}

/** A project as the recorded cases make one: `.git` holding HEAD when `git`, and `files`. */
/**
 * A project as a case records it: a `.git` folder (unless `git` is false), the files given, and
 * those of the case folder's `project/` when `caseDir` is given.
 */
export function writeProject(
  root: string,
  files: Record<string, string> = {},
  git = true,
  caseDir?: string,
): void {
  mkdirSync(root, { recursive: true });
  if (caseDir !== undefined && existsSync(join(caseDir, "project"))) {
    cpSync(join(caseDir, "project"), root, { recursive: true });
  }
  if (git) {
    mkdirSync(join(root, ".git"));
    writeFileSync(join(root, ".git/HEAD"), "ref: refs/heads/main\n");
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
