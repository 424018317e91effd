import { existsSync } from "node:fs";
import { resolve, sep } from "node:path";
import { isInside } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import {
  hasBody,
  isExternalTarget,
  linkPath,
  realPath,
  targetColumn,
} from "../../rule-support/skill-files.js";

export default defineSkillRule(
  {
    id: "quality/path-outside-skill",
    description:
      "A link, a referenced path or a symbolic link in the skill leads outside the skill directory, so a copy of the skill breaks.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const realDir = skill.realDir;
    if (!realDir) return;
    const viaLinks: string[] = [];
    // Only a symbolic link inside the skill can make a path inside it resolve elsewhere.
    const hasLinks = realDir !== skill.dir || skill.files.some((entry) => entry.kind === "symlink");
    const textOf = (line: number) => skill.lines.lineText(line);
    for (const link of skill.markdown.links) {
      if (link.kind === "link" && isExternalTarget(link.target)) continue;
      const relativePath = linkPath(link.target);
      // Without `..` and without links in the skill, a relative path cannot leave it.
      if (!hasLinks && !relativePath.includes("..")) continue;
      const path = resolve(skill.dir, relativePath);
      const lineText = textOf(link.line);
      const found = lineText.indexOf(link.target);
      const column =
        link.kind === "link"
          ? targetColumn(lineText, link.target, link.column)
          : found >= 0
            ? found + 1
            : link.column;
      const position = {
        line: link.line,
        column,
        endColumn: column + link.target.length,
      };
      if (!isInside(skill.dir, path)) {
        report({
          message: `"${link.target}" leads outside the skill directory; Codex installs, archives and copies of the skill take only the skill's own folder, so the path breaks there.`,
          ...position,
          hint: "Copy the file into the skill (references/, scripts/ or assets/) and point to the copy.",
        });
        continue;
      }
      if (!hasLinks || !existsSync(path)) continue;
      const real = realPath(path);
      if (real && !isInside(realDir, real)) {
        viaLinks.push(path);
        report({
          message: `"${link.target}" resolves through a symbolic link to ${real}, outside the skill directory; a copy of the skill loses it.`,
          ...position,
          hint: "Replace the symbolic link with the file itself.",
        });
      }
    }
    for (const entry of skill.files) {
      if (entry.kind !== "symlink") continue;
      const real = realPath(entry.path);
      if (!real || isInside(realDir, real)) continue;
      if (viaLinks.some((p) => p === entry.path || p.startsWith(entry.path + sep))) continue;
      report({
        message: `${entry.rel} is a symbolic link to ${real}, outside the skill directory; Codex installs, archives and copies of the skill do not carry it.`,
        line: 1,
        column: 1,
        hint: "Replace the symbolic link with a copy of what it points to.",
      });
    }
  },
);
