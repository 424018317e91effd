/** The default human format: per file, each finding with its position, rule and a code frame. */
import { relative } from "node:path";
import { codeFrameColumns } from "@babel/code-frame";
import { createColors } from "picocolors";
import type { Formatter } from "./types.js";

export const stylish: Formatter = (result, { cwd, color }) => {
  const c = createColors(color);
  const out: string[] = [];
  for (const file of result.results) {
    if (file.diagnostics.length === 0) continue;
    out.push("", c.underline(relative(cwd, file.filePath) || file.filePath));
    for (const d of file.diagnostics) {
      const severity =
        d.severity === "error"
          ? c.red("error")
          : d.severity === "warning"
            ? c.yellow("warning")
            : c.blue("info");
      out.push(
        `  ${c.dim(`${d.line}:${d.column}`)}  ${severity}  ${d.message}  ${c.dim(d.ruleId)}`,
      );
      if (d.hint) out.push(`    ${c.dim("hint:")} ${d.hint}`);
      if (file.source !== undefined && file.source.length < 2_000_000) {
        // A range over many lines (a whole object) would print all of it: point at its start.
        const location =
          d.endLine - d.line > 2
            ? { start: { line: d.line, column: d.column } }
            : {
                start: { line: d.line, column: d.column },
                end: { line: d.endLine, column: d.endColumn },
              };
        const frame = codeFrameColumns(file.source, location, {
          highlightCode: false,
          forceColor: false,
          linesAbove: 1,
          linesBelow: 1,
        });
        if (frame.trim()) out.push(frame.replace(/^/gm, "    "));
      }
    }
  }
  const total = result.errorCount + result.warningCount + result.infoCount;
  if (total === 0) {
    const files = result.results.length;
    return files === 0
      ? c.yellow("No files to lint: no skills, Codex config or schemas were found.\n")
      : c.green(`✔ ${files} file${files === 1 ? "" : "s"} checked: no problems.\n`);
  }
  const summary = `${total} problem${total === 1 ? "" : "s"} (${result.errorCount} error${result.errorCount === 1 ? "" : "s"}, ${result.warningCount} warning${result.warningCount === 1 ? "" : "s"}${result.infoCount ? `, ${result.infoCount} info` : ""})`;
  out.push(
    "",
    result.errorCount > 0 ? c.red(c.bold(`✖ ${summary}`)) : c.yellow(c.bold(`⚠ ${summary}`)),
  );
  const fixable = result.fixableErrorCount + result.fixableWarningCount;
  if (fixable > 0) out.push(c.dim(`  ${fixable} can be fixed with \`--fix\`.`));
  return `${out.join("\n")}\n`;
};
