/**
 * The file kinds built into the linter, in the order a run lints them (skills first: what
 * plugins scan of them tells their kinds which files belong to the run). A new kind is a
 * folder here with its `FileKind`, and a line below; plugins bring their own kinds.
 */
import type { FileKind } from "../rule.js";
import { codexConfigKind } from "./codex-config/index.js";
import { skillKind } from "./skill/index.js";

export const builtinKinds: readonly FileKind[] = [skillKind, codexConfigKind];
