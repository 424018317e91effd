/**
 * Codex's second chance: when the frontmatter does not parse, it parses it again with
 * single-line values quoted, so `description: Use when: x` still loads.
 */
export function quoteSingleLineValues(yaml: string): string {
  return yaml
    .split("\n")
    .map((line) => {
      const match = /^([A-Za-z0-9_-]+):[ \t]+(\S.*)$/.exec(line);
      if (!match) return line;
      const [, key, value] = match as unknown as [string, string, string];
      const trimmed = value.trimEnd();
      if (/^["']/.test(trimmed) || /^[|>]$/.test(trimmed)) return line;
      return `${key}: ${JSON.stringify(trimmed)}`;
    })
    .join("\n");
}
