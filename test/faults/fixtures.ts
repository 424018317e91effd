/** Texts the fault probes build their trees from. */

export const SKILLS = ".agents/skills";

/** The skill beside every bad file: one warning of its own, which every run must still report. */
export const WITNESS = `${SKILLS}/witness/SKILL.md`;

export function skillText(name: string, body = "List the pods.\n", frontmatter = ""): string {
  return `---\nname: ${name}\ndescription: Report pods that restart too often. Use when on-call asks.\n${frontmatter}---\n\n${body}`;
}

export const WITNESS_TEXT = skillText("witness", "List the pods. TODO: pick the namespace.\n");

/** A skill with a fixable error (a byte-order mark Codex refuses), about `bytes` long. */
export function fixableSkill(name: string, bytes = 0): string {
  let body = "List the pods.\n";
  for (let i = 1; body.length < bytes; i++)
    body += `Step ${i} of the procedure: list the pods of the namespace and count their restarts.\n`;
  return `\uFEFF${skillText(name, body)}`;
}

/** A skill whose shell block runs `codex exec --output-schema <schema>`. */
export function mentioningSkill(name: string, schema: string): string {
  return skillText(
    name,
    `Run the check.\n\n\`\`\`sh\ncodex exec --output-schema ${schema} "check the pods"\n\`\`\`\n`,
  );
}

/** A report schema that strict mode accepts, with `n` string properties. */
export function strictSchema(n = 2): string {
  const names = Array.from({ length: n }, (_, i) => `field${i}`);
  const properties = Object.fromEntries(
    names.map((name) => [name, { type: "string", description: `The ${name} of the report.` }]),
  );
  return `${JSON.stringify(
    {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      required: names,
      properties,
    },
    null,
    2,
  )}\n`;
}

/** A schema `schema fix` has work on: `n` properties, none required, no additionalProperties. */
export function looseSchema(n: number): string {
  const properties = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `field${i}`,
      { type: "object", description: `Item ${i}.`, properties: { value: { type: "string" } } },
    ]),
  );
  return `${JSON.stringify({ type: "object", properties }, null, 2)}\n`;
}

/** TOML with `n` keys Codex does not know. */
export function unknownKeysToml(n: number): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `unknown_key_${i} = ${i}\n`;
  return text;
}

export const nested = (open: string, close: string, depth: number) =>
  open.repeat(depth) + close.repeat(depth);
