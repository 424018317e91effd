/**
 * fast-check arbitraries for whole skill trees: skills with random frontmatter (odd Unicode,
 * control characters, wrong types, broken YAML), random bodies (prose, placeholders, code
 * fences, commands, links, directives, raw bytes), random extra files, random report schemas
 * and a random Codex config. Each generated tree is written into a `Tree` at once, so one CLI
 * run lints many of them.
 */
import fc from "fast-check";
import { SKILLS } from "./fixtures.js";
import type { Tree } from "./harness.js";

/** Text with what breaks naive code: controls, escapes, bidi marks, astral and combining characters. */
const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "\u001b[31mred\u001b[0m",
    "\u009b2J",
    "a\u0000b",
    "\r",
    "tab\there",
    "\u202eevil\u202c",
    "\u200b",
    "e\u0301",
    "😀".repeat(5),
    "\ufeff",
    "ǅ",
    "İ",
    "x".repeat(1100),
    "Use when: a colon appears.",
    "# not a comment",
    "'single' and \"double\"",
    "- not a list",
    "[not, a, list",
    "{ not: a map",
    "*alias",
    "&anchor value",
    "!!binary AAAA",
    "~",
    "null",
    "yes",
    "0x1F",
    "1e400",
    "---",
    "...",
  ),
);

/** A YAML scalar for a value: plain (may break the YAML), double-quoted, single-quoted or a block. */
const yamlScalar = fc.oneof(
  oddText.map((s) => s.replace(/\n/g, " ")),
  oddText.map((s) => JSON.stringify(s)),
  oddText.map((s) => `'${s.replace(/'/g, "''").replace(/\n/g, " ")}'`),
  oddText.map((s) => `|\n  ${s.split("\n").join("\n  ")}`),
  fc.constantFrom("", "[]", "{}", "[a, b]", "{a: 1}", "123", "true", "null", "~"),
);

const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

const frontmatter = fc
  .record(
    {
      name: fc.oneof(slug, yamlScalar),
      description: fc.oneof(
        fc.constant("Report pods that restart too often. Use when on-call asks."),
        yamlScalar,
      ),
      metadata: fc.oneof(yamlScalar, fc.constant("\n  version: '1'\n  owner: ops")),
      extra: fc.array(fc.tuple(fc.oneof(slug, oddText), yamlScalar), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...fields }) => {
    const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
    for (const [k, v] of extra ?? []) lines.push(`${k.replace(/[:\n]/g, "_")}: ${v}`);
    return lines.join("\n");
  });

const bodyLine = fc.oneof(
  oddText,
  fc.constantFrom(
    "## Procedure",
    "1. List the pods. TODO: pick the namespace.",
    "Upload the report to <your-bucket>.",
    "```sh",
    "```",
    "~~~",
    "kubectl delete pod web-0 -n prod",
    "rm -rf /var/backups/*",
    "codex exec --dangerously-bypass-approvals-and-sandbox 'fix it'",
    "codex exec --output-schema schemas/gen-0.schema.json 'report'",
    "codex exec --output-schema reports/missing.json 'report'",
    "See [the runbook](references/runbook.md) and [missing](references/nope.md).",
    "Read `scripts/check.sh` and `../../outside.md`.",
    "<!-- ops-skill-disable-next-line quality/placeholder-text -- known -->",
    "<!-- ops-skill-disable quality/placeholder-text -->",
    "<!-- ops-skill-enable -->",
    "<!-- ops-skill-disable-next-line no/such-rule -->",
    "export GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
    "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "Lorem ipsum dolor sit amet.",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "> quote",
    "<details><summary>x</summary>",
    "\t\tindented with tabs",
  ),
);

const body = fc.oneof(
  { weight: 5, arbitrary: fc.array(bodyLine, { maxLength: 25 }).map((ls) => ls.join("\n")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);

/** How the frontmatter and body are put together, including ways Codex refuses. */
const layout = fc.constantFrom("plain", "plain", "plain", "crlf", "bom", "unclosed", "none");

const extraFile = fc.oneof(
  fc.record({
    path: fc.constantFrom(
      "scripts/check.sh",
      "scripts/run.py",
      "references/runbook.md",
      "agents/openai.yaml",
      "assets/data.bin",
      "notes.txt",
    ),
    content: fc.oneof(
      fc.array(bodyLine, { maxLength: 8 }).map((ls) => ls.join("\n")),
      fc.uint8Array({ maxLength: 100 }),
      fc.constantFrom(
        "#!/bin/sh\ncodex exec --output-schema ../../schemas/gen-0.schema.json 'x'\n",
        "policy:\n  allow_implicit_invocation: false\n",
        "interface:\n  display_name: [unclosed\n",
      ),
    ),
    mode: fc.constantFrom(0o644, 0o755, 0o600),
  }),
);

export interface GeneratedSkill {
  folder: string;
  frontmatter: string;
  body: string | Uint8Array;
  layout: string;
  files: { path: string; content: string | Uint8Array; mode: number }[];
}

const skill: fc.Arbitrary<GeneratedSkill> = fc.record({
  folder: fc.oneof(
    slug,
    fc.constantFrom("with space", "ünïcødé", "日本語", "emoji-😀", "UPPER", "a.b", "-dash"),
  ),
  frontmatter,
  body,
  layout,
  files: fc.array(extraFile, { maxLength: 3 }),
});

/** A JSON Schema-ish value: mostly objects with schema keywords, sometimes anything JSON. */
const schemaValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  schema: fc.oneof(
    // Past the depth, fast-check takes the first arbitrary only: a leaf.
    { maxDepth: 3, depthIdentifier: "schema", withCrossShrink: true },
    fc.constantFrom({ type: "string", description: "A leaf." }, {}, true, { type: "object" }),
    fc.record(
      {
        type: fc.constantFrom("object", "string", "number", "integer", "boolean", "array", "null"),
        description: oddText,
        properties: fc.dictionary(fc.oneof(slug, oddText), tie("schema"), { maxKeys: 3 }),
        required: fc.array(slug, { maxLength: 3 }),
        additionalProperties: fc.oneof(fc.boolean(), tie("schema")),
        items: tie("schema"),
        enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
        anyOf: fc.array(tie("schema"), { maxLength: 2, depthIdentifier: "schema" }),
        $ref: fc.constantFrom("#/$defs/x", "#", "https://example.com/s.json", "#/nope"),
        pattern: fc.constantFrom("^(a+)+$", "[", "^[a-z]+$"),
        format: fc.constantFrom("date-time", "email", "uuid", "nope"),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
})).schema;

const schemaText = fc.oneof(
  { weight: 4, arbitrary: schemaValue.map((v) => `${JSON.stringify(v, null, 2)}\n`) },
  { weight: 1, arbitrary: schemaValue.map((v) => JSON.stringify(v).replace(/,/g, ",\r\n")) },
  { weight: 1, arbitrary: oddText },
);

const tomlLine = fc.oneof(
  fc.constantFrom(
    'model = "gpt-5"',
    'model_reasoning_effort = "extreme"',
    'sandbox_mode = "danger-full-access"',
    "[profiles.x]",
    "[features]",
    "hooks = true",
    'approval_policy = "never"',
    "unknown_key = 1",
    '[[hooks.PreToolUse]]\nmatcher = "Bash"',
    "x = [1, 2",
  ),
  oddText.map((s) => `key = ${JSON.stringify(s)}`),
);

export interface GeneratedTree {
  skills: GeneratedSkill[];
  schemas: string[];
  config: string | undefined;
}

export const tree: fc.Arbitrary<GeneratedTree> = fc.record({
  skills: fc.array(skill, { minLength: 1, maxLength: 6 }),
  schemas: fc.array(schemaText, { maxLength: 2 }),
  config: fc.option(
    fc.array(tomlLine, { maxLength: 6 }).map((ls) => `${ls.join("\n")}\n`),
    { nil: undefined },
  ),
});

/** The SKILL.md bytes of a generated skill. */
function skillBytes(s: GeneratedSkill): string | Uint8Array {
  if (typeof s.body !== "string")
    return s.layout === "none"
      ? s.body
      : Buffer.concat([Buffer.from(`---\n${s.frontmatter}\n---\n`), s.body]);
  const text = `---\n${s.frontmatter}\n---\n\n${s.body}\n`;
  switch (s.layout) {
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
    case "unclosed":
      return `---\n${s.frontmatter}\n\n${s.body}\n`;
    case "none":
      return `${s.body}\n`;
    default:
      return text;
  }
}

/** Writes a generated tree into the project; returns the files `--fix` may change. */
export function writeTree(t: Tree, g: GeneratedTree): { fixable: string[]; schemas: string[] } {
  const fixable: string[] = [];
  g.skills.forEach((s, i) => {
    // The index keeps folders apart whatever names were drawn.
    const dir = `${SKILLS}/${s.folder.replace(/[/\\]/g, "_")}-${i}`;
    t.file(`${dir}/SKILL.md`, skillBytes(s));
    fixable.push(`${dir}/SKILL.md`);
    for (const f of s.files) t.file(`${dir}/${f.path}`, f.content, f.mode);
  });
  const schemas = g.schemas.map((_, i) => `schemas/gen-${i}.schema.json`);
  g.schemas.forEach((text, i) => {
    t.file(schemas[i] as string, text);
  });
  if (g.config !== undefined) t.file(".codex/config.toml", g.config);
  return { fixable: [...fixable, ...schemas], schemas };
}
