/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one per diagnostic, which
 * the runner turns into annotations on the run and on the pull request's changed lines.
 */
import { isAbsolute, relative, sep } from "node:path";
import type { Severity } from "@ops-skill/core";
import type { Formatter } from "./types.js";
import { visible } from "./visible.js";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

export const github: Formatter = (result, { cwd }) => {
  const lines: string[] = [];
  for (const file of result.results) {
    // The log viewer renders colour sequences and the annotation shows bidi overrides: text
    // from the files linted has its control characters escaped visibly first.
    const path = visible(annotationPath(cwd, file.filePath));
    for (const d of file.diagnostics) {
      const line = Math.max(1, d.line);
      const endLine = Math.max(line, d.endLine);
      const properties: [string, string | number][] = [
        ["file", path],
        ["line", line],
      ];
      // The runner drops an annotation whose columns are set across lines, or whose endColumn
      // is before col, so columns are only given for a range on one line.
      if (endLine === line) {
        const col = Math.max(1, d.column);
        properties.push(
          ["col", col],
          ["endLine", endLine],
          ["endColumn", Math.max(col, d.endColumn)],
        );
      } else {
        properties.push(["endLine", endLine]);
      }
      properties.push(["title", d.ruleId]);
      const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
      lines.push(`::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(visible(d.message))}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};

/**
 * Relative to `cwd` with `/`, which the runner reads relative to the repository root; a file
 * outside `cwd` keeps its absolute path, which the runner makes relative to the workspace.
 */
function annotationPath(cwd: string, filePath: string): string {
  const rel = relative(cwd, filePath);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return filePath;
  return rel.split(sep).join("/");
}

/** The message after `::`, escaped as `@actions/core` does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A `key=value` property value, escaped as `@actions/core` does. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
