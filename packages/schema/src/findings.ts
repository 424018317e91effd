/**
 * What one schema check finds in one model, as every command reports it: the one place a
 * finding gets its message (with the JSON Pointer), its position in the file and, for the
 * checks `schema fix` repairs, the fix as text edits. `ops-skill lint` and `ops-skill schema
 * check` (the `schema/` lint rules) and the library's `checkSchema*` read findings only here.
 */
import type { Fix, TextEdit } from "@ops-skill/core";
import type { SchemaCheck } from "./check-types.js";
import { type FixSchemaTextResult, fixSchemaText } from "./fix-text.js";
import type { SourceRange } from "./json-document.js";
import type { SchemaModel } from "./model.js";

export interface SchemaFinding {
  /** JSON Pointer of the offending node, keyword or property. */
  pointer: string;
  /** The check's message, followed by ` (at <pointer>)` below the root. */
  message: string;
  hint?: string;
  /** Where it is in the file, when the schema was read from text. */
  range?: SourceRange;
  /** What `schema fix` does, as edits of the file; only on findings that fix removes. */
  fix?: Fix;
}

/** The findings of one check, in the order the check makes them. */
export function findingsOf(check: SchemaCheck, model: SchemaModel): SchemaFinding[] {
  // A file that is not JSON has nothing else to check.
  if (model.root === undefined && check.id !== "schema/invalid-json") return [];
  const syntax = model.document?.problems[0];
  return check.check(model).map((finding) => {
    const range =
      check.id === "schema/invalid-json" && syntax !== undefined
        ? syntax.range
        : model.locate(finding.pointer, finding.at);
    const fix = check.fixable ? fixFor(model, check.id, finding.pointer) : undefined;
    return {
      pointer: finding.pointer,
      message:
        finding.pointer === "" ? finding.message : `${finding.message} (at ${finding.pointer})`,
      ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
      ...(range !== undefined ? { range } : {}),
      ...(fix !== undefined ? { fix } : {}),
    };
  });
}

/** The fix of a model read from text: `schema fix`'s edits, made once per model. */
const fixes = new WeakMap<SchemaModel, { result: FixSchemaTextResult; fix: Fix } | null>();

function strictFix(model: SchemaModel): { result: FixSchemaTextResult; fix: Fix } | null {
  let cached = fixes.get(model);
  if (cached === undefined) {
    cached = null;
    const document = model.document;
    if (document !== undefined && document.problems.length === 0) {
      try {
        const result = fixSchemaText(document, { limits: model.limits });
        if (result.edits.length > 0)
          cached = {
            result,
            fix: {
              description: `Rewrite the schema into the strict form, as \`ops-skill schema fix\` does (${result.changes.length} change${result.changes.length === 1 ? "" : "s"})`,
              edits: joinTouching(result.edits),
            },
          };
      } catch {
        // The fix could not be written as edits of this text (`schema fix` says so): no fix.
      }
    }
    fixes.set(model, cached);
  }
  return cached;
}

/** The whole fix, on a finding of a check at a place where the fixed schema has no error of it. */
function fixFor(model: SchemaModel, code: string, pointer: string): Fix | undefined {
  const fixed = strictFix(model);
  if (fixed === null) return undefined;
  const left = fixed.result.unfixable.some((u) => u.code === code && u.pointer === pointer);
  return left ? undefined : fixed.fix;
}

/**
 * Edits that touch (an insertion where another edit ends or starts) become one, so that the
 * edits apply the same in any order: the lint engine applies a fix's edits from the end.
 */
function joinTouching(edits: readonly TextEdit[]): TextEdit[] {
  const joined: TextEdit[] = [];
  for (const edit of edits) {
    const last = joined[joined.length - 1];
    if (last !== undefined && edit.range[0] <= last.range[1])
      joined[joined.length - 1] = {
        range: [last.range[0], Math.max(last.range[1], edit.range[1])],
        text: last.text + edit.text,
      };
    else joined.push(edit);
  }
  return joined;
}
