/** The default human format: per file, each finding with its position, rule and a code frame. */
import { relative } from "node:path";
import { createColors } from "picocolors";
import { codeFrame, FrameSource } from "./code-frame.js";
import type { Formatter } from "./types.js";
import { visibleLine } from "./visible.js";

export const stylish: Formatter = (result, { cwd, color }) => {
  const c = createColors(color);
  const out: string[] = [];
  let fixedFiles = 0;
  let fixedProblems = 0;
  for (const file of result.results) {
    const fixes = file.fixes ?? 0;
    if (fixes > 0) {
      fixedFiles++;
      fixedProblems += fixes;
    }
    if (file.diagnostics.length === 0 && fixes === 0) continue;
    out.push("", c.underline(visibleLine(relative(cwd, file.filePath) || file.filePath)));
    if (fixes > 0) out.push(`  ${c.green(`fixed ${plural(fixes, "problem")}`)}`);
    // The file's lines are indexed once for all its frames.
    const source = file.source === undefined ? undefined : new FrameSource(file.source);
    for (const d of file.diagnostics) {
      const severity =
        d.severity === "error"
          ? c.red("error")
          : d.severity === "warning"
            ? c.yellow("warning")
            : c.blue("info");
      out.push(
        `  ${c.dim(`${d.line}:${d.column}`)}  ${severity}  ${visibleLine(d.message)}  ${c.dim(d.ruleId)}`,
      );
      if (d.hint) out.push(`    ${c.dim("hint:")} ${visibleLine(d.hint)}`);
      if (source === undefined) continue;
      // A range over many lines (a whole object) would print all of it: point at its start.
      const frame = codeFrame(
        source,
        d.endLine - d.line > 2
          ? { line: d.line, column: d.column }
          : { line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn },
      );
      if (frame.trim()) out.push(frame.replace(/^/gm, "    "));
    }
  }
  const total = result.errorCount + result.warningCount + result.infoCount;
  const fixedLine =
    fixedFiles > 0
      ? c.green(
          `✔ fixed ${plural(fixedProblems, "problem")} in ${plural(fixedFiles, "file")} (--fix)`,
        )
      : undefined;
  if (total === 0) {
    const files = result.results.length;
    if (files === 0)
      return c.yellow("No files to lint: no skills, Codex config or schemas were found.\n");
    const clean = c.green(`✔ ${plural(files, "file")} checked: no problems.`);
    return fixedLine ? `${out.join("\n")}\n\n${fixedLine}\n${clean}\n` : `${clean}\n`;
  }
  const summary = `${total} problem${total === 1 ? "" : "s"} (${result.errorCount} error${result.errorCount === 1 ? "" : "s"}, ${result.warningCount} warning${result.warningCount === 1 ? "" : "s"}${result.infoCount ? `, ${result.infoCount} info` : ""})`;
  out.push("");
  if (fixedLine) out.push(fixedLine);
  out.push(
    result.errorCount > 0 ? c.red(c.bold(`✖ ${summary}`)) : c.yellow(c.bold(`⚠ ${summary}`)),
  );
  const fixable = result.fixableErrorCount + result.fixableWarningCount;
  if (fixable > 0) out.push(c.dim(`  ${fixable} can be fixed with \`--fix\`.`));
  return `${out.join("\n")}\n`;
};

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
