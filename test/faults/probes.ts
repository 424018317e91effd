/**
 * The fault probes: hostile but realistic input, as a CI runner meets it (a bad pull request,
 * a full disk, a pasted log), one line of the table each. Every probe runs the built binary
 * beside a good skill and holds it to the contract in contract.ts: a documented exit code, no
 * stack trace, valid output in the format asked for, the other skill's results still there,
 * the user's files as they were (unless --fix meant to change them), no temporary file left,
 * and an end well within the timeout. probe.ts says what each field of a row means; the two
 * probes-*.test.ts files run the table's halves side by side.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { bin } from "../../packages/cli/test/run-cli.js";
import { FORMATS } from "./contract.js";
import {
  fixableSkill,
  looseSchema,
  mentioningSkill,
  nested,
  SKILLS,
  skillText,
  strictSchema,
  unknownKeysToml,
} from "./fixtures.js";
import { NOBODY, type Tree } from "./harness.js";
import type { Probe } from "./probe.js";

const BAD = `${SKILLS}/bad/SKILL.md`;
const OPENAI = `${SKILLS}/bad/agents/openai.yaml`;
const SCRIPT = `${SKILLS}/bad/scripts/check.sh`;
const CONFIG = ".codex/config.toml";
const HOOKS = ".codex/hooks.json";
/** A report schema a skill names with `--output-schema`, outside `schemas/`. */
const MENTIONED = "reports/out.json";
const MB10 = 10 * 1024 * 1024;
/** `prlimit --fsize`: the first write past 8 KiB is short, the next fails with EFBIG. */
const FULL_DISK = 8192;

/** A skill beside the witness, and one that names a schema or a script. */
const bad = (t: Tree) => t.file(BAD, skillText("bad"));
const mentions = (t: Tree) => t.file(BAD, mentioningSkill("bad", MENTIONED));
const runsScript = (t: Tree) => t.file(BAD, skillText("bad", "Run `scripts/check.sh`.\n"));

/** A CRLF schema, indented by three, with a number a double cannot hold; strict-clean or not. */
const oddSchema = (needsFix: boolean) =>
  [
    "{",
    '   "type": "object",',
    '   "additionalProperties": false,',
    '   "required": ["count", "item"],',
    '   "properties": {',
    '      "count": { "type": "number", "description": "How many.", "maximum": 1e400 },',
    needsFix
      ? '      "item": { "type": "object", "description": "One item.", "properties": { "id": { "type": "string" } } }'
      : '      "item": { "type": "string", "description": "One item." }',
    "   }",
    "}",
    "",
  ].join("\r\n");

/** After `schema fix --write`: the lines it had no reason to touch are as written, in CRLF. */
function keptAsWritten(t: Tree): string[] {
  const text = t.read("report.json").toString("utf8");
  const untouched = oddSchema(true).split("\r\n")[5] as string;
  return [
    ...(text.includes(untouched) ? [] : ["the line of `count` is not kept as written"]),
    ...(/(?<!\r)\n/.test(text) ? ["a line ends in LF in a CRLF file"] : []),
  ];
}

/** Generates types in `dir` for the schemas there, as a user ran it before. */
function generateTypes(dir: string): void {
  execFileSync(process.execPath, [bin, "types"], { cwd: dir, stdio: "ignore" });
}

/** Types generated for a schema, then the schema grown, with what a run with room would write. */
function staleTypes(t: Tree): void {
  t.file("schemas/report.schema.json", strictSchema(40));
  generateTypes(t.project);
  t.file("schemas/report.schema.json", strictSchema(60));
  cpSync(t.project, t.path("../before"), { recursive: true });
  cpSync(t.project, t.path("../expected"), { recursive: true });
  generateTypes(t.path("../expected"));
}

/** Each generated file is what it was before the run or what a run with room writes. */
function oldOrNew(t: Tree): string[] {
  const problems: string[] = [];
  for (const name of readdirSync(t.path("schemas/generated"))) {
    const now = readFileSync(t.path(`schemas/generated/${name}`), "utf8");
    const old = readFileSync(t.path(`../before/schemas/generated/${name}`), "utf8");
    const fresh = readFileSync(t.path(`../expected/schemas/generated/${name}`), "utf8");
    if (now !== old && now !== fresh)
      problems.push(`schemas/generated/${name} is neither the old file nor the new one`);
  }
  return problems;
}

/** 400 skills of `todos` placeholder lines each (50: 20,000 findings). */
function manySkills(t: Tree, todos = 50): Tree {
  for (let i = 0; i < 400; i++)
    t.file(`${SKILLS}/s${i}/SKILL.md`, skillText(`s${i}`, "TODO: check this.\n".repeat(todos)));
  return t;
}

/** A name, a description and a body line holding terminal escapes (CSI, OSC, and C1 CSI). */
const controlCharacters = (t: Tree) =>
  t.file(
    BAD,
    skillText("bad", "TODO \u001b[2J\u009b31m clear the screen.\n")
      .replace("name: bad", 'name: "\\e[31mred\\e[0m"')
      .replace("on-call asks.", "on-call asks \u001b]0;owned\u0007."),
  );

// biome-ignore format: the table, one probe a line
export const PROBES: Probe[] = [
  // A full disk.
  { name: "full disk: lint --fix of a 36 KB SKILL.md", setup: (t) => t.file(`${SKILLS}/big/SKILL.md`, fixableSkill("big", 36_000)), args: ["lint", "--fix"], fsize: FULL_DISK, exit: [2], named: [`${SKILLS}/big/SKILL.md`] },
  { name: "full disk: schema fix --write of a 30 KB schema", setup: (t) => t.file("report.schema.json", looseSchema(200)), args: ["schema", "fix", "report.schema.json", "--write"], formats: ["none"], fsize: FULL_DISK, exit: [2], witness: false, blame: ["report.schema.json"] },
  { name: "full disk: types over generated files", setup: staleTypes, args: ["types"], formats: ["none"], fsize: FULL_DISK, exit: [2], witness: false, tree: { mayChange: ["schemas/generated/"] }, check: oldOrNew },

  // Writes that lose what they did not mean to change.
  { name: "types --out . keeps the user's package.json", setup: (t) => t.file("package.json", '{ "name": "app", "dependencies": { "left-pad": "1.3.0" } }\n').file("schemas/report.schema.json", strictSchema()), args: ["types", "schemas/report.schema.json", "--out", "."], formats: ["none"], exit: [1, 2], witness: false, blame: ["package.json"], tree: { mayCreate: /^(?:report\.|_runtime\.|\.manifest\.json$)/ } },
  { name: "schema fix --write at 0 changes leaves the file alone", setup: (t) => t.file("report.json", oddSchema(false)), args: ["schema", "fix", "report.json", "--write"], formats: ["none"], exit: [0], witness: false },
  { name: "schema fix --write keeps number literals, CRLF and indentation it did not change", setup: (t) => t.file("report.json", oddSchema(true)), args: ["schema", "fix", "report.json", "--write"], formats: ["none"], exit: [0, 1], witness: false, tree: { mustChange: ["report.json"] }, check: keptAsWritten },
  { name: "--fix: SKILL.md linked out of the tree", setup: (t) => t.file("../outside/SKILL.md", fixableSkill("out")).link(`${SKILLS}/out/SKILL.md`, "../../../../outside/SKILL.md"), args: ["lint", "--fix"], exit: [1, 2], named: [`${SKILLS}/out/SKILL.md`] },
  { name: "--fix: a skill folder linked out of the tree", setup: (t) => t.file("../outside/ext/SKILL.md", fixableSkill("ext")).link(`${SKILLS}/ext`, "../../../outside/ext"), args: ["lint", "--fix"], exit: [1, 2], named: [`${SKILLS}/ext/SKILL.md`] },
  { name: "--fix: a read-only (0444) SKILL.md", setup: (t) => t.file(BAD, fixableSkill("bad"), 0o444), args: ["lint", "--fix"], exit: [1, 2], named: [BAD] },
  { name: "--fix as nobody: a read-only folder after a writable one", setup: (t) => t.file(`${SKILLS}/a-first/SKILL.md`, fixableSkill("a-first")).chown(`${SKILLS}/a-first`, NOBODY).chown(`${SKILLS}/a-first/SKILL.md`, NOBODY).file(BAD, fixableSkill("bad")).chown(BAD, NOBODY), args: ["lint", "--fix"], asNobody: true, exit: [1, 2], named: [BAD], tree: { mayChange: [`${SKILLS}/a-first/SKILL.md`] } },
  { name: "--fix keeps the mode and owner of a file", setup: (t) => t.file(`${SKILLS}/owned/SKILL.md`, fixableSkill("owned"), 0o640).chown(`${SKILLS}/owned/SKILL.md`, NOBODY), args: ["lint", "--fix"], exit: [0, 1], tree: { mustChange: [`${SKILLS}/owned/SKILL.md`] } },
  { name: "--fix keeps hard links", setup: (t) => t.file(`${SKILLS}/linked/SKILL.md`, fixableSkill("linked")).hardlink("../outside/copy.md", `${SKILLS}/linked/SKILL.md`), args: ["lint", "--fix"], exit: [0, 1, 2], tree: { mayChange: [`${SKILLS}/linked/SKILL.md`, "../outside/copy.md"] } },

  // FIFOs: opening one blocks until a writer comes, which is never.
  { name: "FIFO as SKILL.md", setup: (t) => t.fifo(BAD), exit: [0, 1], named: [BAD] },
  { name: "FIFO as agents/openai.yaml", setup: (t) => bad(t).fifo(OPENAI), exit: [0, 1], named: [OPENAI] },
  { name: "FIFO as .codex/config.toml", setup: (t) => t.fifo(CONFIG), exit: [0, 1], named: [CONFIG] },
  { name: "FIFO as .codex/hooks.json", setup: (t) => t.fifo(HOOKS), exit: [0, 1], named: [HOOKS] },
  { name: "FIFO as ops-skill.config.json", setup: (t) => t.fifo("ops-skill.config.json"), exit: [0, 1, 2], named: ["ops-skill.config.json"], witness: "unless-2" },
  { name: "FIFO as package.json", setup: (t) => t.fifo("package.json"), exit: [0, 1, 2], named: ["package.json"], witness: "unless-2" },
  { name: "FIFO as .codex/NAME.config.toml", setup: (t) => t.fifo(".codex/ci.config.toml"), exit: [0, 1], named: [".codex/ci.config.toml"] },
  { name: "FIFO as schemas/x.schema.json", setup: (t) => t.fifo("schemas/x.schema.json"), exit: [0, 1], named: ["schemas/x.schema.json"] },
  { name: "FIFO as a workflow", setup: (t) => t.fifo(".github/workflows/ci.yml"), exit: [0, 1], named: [".github/workflows/ci.yml"] },
  { name: "FIFO as agents/openai.yaml, on worker threads", setup: (t) => manySkills(t, 0).fifo(`${SKILLS}/s7/agents/openai.yaml`), args: ["lint", "--concurrency", "2"], exit: [0, 1], named: [`${SKILLS}/s7/agents/openai.yaml`] },
  { name: "FIFO as a schema a skill mentions", setup: (t) => mentions(t).fifo(MENTIONED), exit: [0, 1], named: [MENTIONED] },
  { name: "FIFO as a script the skill names", setup: (t) => runsScript(t).fifo(SCRIPT), exit: [0, 1] },
  { name: "FIFO given to lint", setup: (t) => t.fifo(CONFIG), args: ["lint", CONFIG], exit: [1, 2], named: [CONFIG], witness: false },
  { name: "FIFO given to schema check", setup: (t) => t.fifo(MENTIONED), args: ["schema", "check", MENTIONED], exit: [2], blame: [MENTIONED], witness: false },
  // Found, not given: a problem of that schema (exit 1, like a schema that is not JSON).
  { name: "FIFO as a schema types reads", setup: (t) => t.fifo("schemas/x.schema.json"), args: ["types"], formats: ["none"], exit: [1], blame: ["schemas/x.schema.json"], witness: false },
  { name: "FIFO given to schema fix", setup: (t) => t.fifo(MENTIONED), args: ["schema", "fix", MENTIONED], formats: ["none"], exit: [2], blame: [MENTIONED], witness: false },

  // Devices, directories and links where a file should be.
  { name: "agents/openai.yaml linked to /dev/zero", setup: (t) => bad(t).link(OPENAI, "/dev/zero"), exit: [0, 1], named: [OPENAI] },
  { name: "SKILL.md linked to /dev/urandom", setup: (t) => t.link(BAD, "/dev/urandom"), exit: [0, 1], named: [BAD] },
  { name: "SKILL.md linked to /dev/null", setup: (t) => t.link(BAD, "/dev/null"), exit: [0, 1], named: [BAD] },
  { name: "SKILL.md linked to itself (ELOOP)", setup: (t) => t.link(BAD, "SKILL.md"), exit: [0, 1], named: [BAD] },
  { name: "SKILL.md linked to itself, given to lint", setup: (t) => t.link(BAD, "SKILL.md"), args: ["lint", BAD], exit: [1, 2], named: [BAD], witness: false },
  { name: "a skill folder linked to its parent", setup: (t) => bad(t).link(`${SKILLS}/bad/scripts`, ".."), exit: [0, 1] },
  { name: "a script linked to /dev/zero", setup: (t) => runsScript(t).link(SCRIPT, "/dev/zero"), exit: [0, 1] },
  { name: "a mentioned schema that is a directory", setup: (t) => mentions(t).dir(MENTIONED), exit: [0, 1], named: [MENTIONED] },
  { name: "a mentioned schema linked to /dev/zero", setup: (t) => mentions(t).link(MENTIONED, "/dev/zero"), exit: [0, 1], named: [MENTIONED] },
  { name: ".codex/config.toml that is a directory", setup: (t) => t.dir(CONFIG), exit: [0, 1], named: [CONFIG] },
  { name: ".codex/config.toml linked to /dev/zero", setup: (t) => t.link(CONFIG, "/dev/zero"), exit: [0, 1], named: [CONFIG] },
  { name: ".codex/hooks.json linked to /dev/urandom", setup: (t) => t.link(HOOKS, "/dev/urandom"), exit: [0, 1], named: [HOOKS] },

  // Unreadable files and folders: a real EACCES, as nobody.
  { name: "as nobody: an unreadable SKILL.md", setup: (t) => t.file(BAD, skillText("bad"), 0o000), asNobody: true, exit: [0, 1], named: [BAD] },
  { name: "as nobody: an unreadable skill folder", setup: (t) => bad(t).chmod(`${SKILLS}/bad`, 0o000), asNobody: true, exit: [0, 1], named: [`${SKILLS}/bad`] },
  { name: "as nobody: an unreadable mentioned schema", setup: (t) => mentions(t).file(MENTIONED, strictSchema(), 0o000), asNobody: true, exit: [0, 1], named: [MENTIONED] },
  { name: "as nobody: an unreadable .codex/config.toml", setup: (t) => t.file(CONFIG, 'model = "gpt-5"\n', 0o000), asNobody: true, exit: [0, 1], named: [CONFIG] },

  // Deep nesting and long strings.
  { name: "YAML: metadata: and 10,000 [", setup: (t) => t.file(BAD, skillText("bad", undefined, `metadata: ${"[".repeat(10_000)}\n`)), exit: [0, 1], named: [BAD] },
  { name: "YAML: flow mappings 5,000 deep", setup: (t) => t.file(BAD, skillText("bad", undefined, `metadata: ${nested("{a: ", "}", 5_000)}\n`)), exit: [0, 1], named: [BAD] },
  { name: "TOML: arrays 10,000 deep", setup: (t) => t.file(CONFIG, `x = ${nested("[", "]", 10_000)}\n`), exit: [0, 1], named: [CONFIG] },
  { name: "TOML: inline tables 10,000 deep", setup: (t) => t.file(CONFIG, `x = ${nested("{ a = ", " }", 10_000)}\n`), exit: [0, 1], named: [CONFIG] },
  { name: "TOML: a 200 KB string", setup: (t) => t.file(CONFIG, `model = "${"a".repeat(200_000)}"\n`), exit: [0, 1], listed: [CONFIG] },
  { name: "hooks.json: arrays 100,000 deep", setup: (t) => t.file(HOOKS, `{ "hooks": ${nested("[", "]", 100_000)} }\n`), exit: [0, 1], named: [HOOKS] },
  { name: "schema: JSON 100,000 deep", setup: (t) => t.file("schemas/deep.schema.json", `{ "type": "object", "default": ${nested("[", "]", 100_000)} }\n`), exit: [0, 1], named: ["schemas/deep.schema.json"] },

  // Huge finding counts: a pasted log, many skills, a big schema, a big config.
  { name: "10 MB of TODO lines, every format", setup: (t) => t.file(BAD, skillText("bad", "TODO: check this.\n".repeat(MB10 / 18))), formats: FORMATS, exit: [0, 1], named: [BAD], maxPerRule: 51, timeoutMs: 60_000 },
  { name: "10 MB of lorem ipsum", setup: (t) => t.file(BAD, skillText("bad", "Lorem ipsum dolor sit amet.\n".repeat(MB10 / 28))), formats: ["json"], exit: [0, 1], named: [BAD], maxPerRule: 51, timeoutMs: 60_000 },
  { name: "20,000 findings over 400 skills", setup: (t) => manySkills(t), exit: [0, 1], timeoutMs: 30_000 },
  { name: "schema fix: the diff of 4,000 properties", setup: (t) => t.file("report.schema.json", looseSchema(4_000)), args: ["schema", "fix", "report.schema.json"], formats: ["none"], exit: [0, 1], witness: false },
  { name: "80,000 headings", setup: (t) => t.file(BAD, skillText("bad", Array.from({ length: 80_000 }, (_, i) => `## Step ${i}\n`).join("\n"))), exit: [0, 1] },
  { name: "40,000 script paths in one fence", setup: (t) => t.file(BAD, skillText("bad", `\`\`\`sh\n${Array.from({ length: 40_000 }, (_, i) => `bash scripts/s${i}.sh`).join("\n")}\n\`\`\`\n`)), exit: [0, 1] },
  { name: "a 1 MB line with 50 findings, stylish", setup: (t) => t.file(BAD, skillText("bad", `${"TODO: check this. ".repeat(50)}${"x".repeat(1_000_000)}\n`)), formats: ["stylish"], exit: [0, 1], named: [BAD], check: (_, { stdout }) => (stdout.length > 100_000 ? [`${stdout.length} characters of stylish output for 52 findings`] : []) },
  { name: "20,000 --output-schema mentions in one paragraph", setup: (t) => t.file(BAD, skillText("bad", Array.from({ length: 20_000 }, (_, i) => `Run \`codex exec --output-schema reports/r${i}.json x\`.`).join("\n"))), exit: [0, 1] },
  { name: "40,000 code spans in one paragraph", setup: (t) => t.file(BAD, skillText("bad", Array.from({ length: 40_000 }, (_, i) => `Run \`scripts/s${i}.sh\` now.`).join("\n"))), exit: [0, 1] },
  { name: "config.toml: 20,000 unknown keys", setup: (t) => t.file(CONFIG, unknownKeysToml(20_000)), exit: [0, 1], named: [CONFIG], maxPerRule: 51 },

  // Where the output goes.
  { name: "stdout is /dev/full", setup: () => {}, stdout: "full", exit: [2] },
  // The exit code is the run's verdict, whether or not a reader stayed to read the report (a
  // pipe into `head` must not turn a clean run into a failed one).
  { name: "stdout's reader is gone (EPIPE)", setup: () => {}, stdout: "broken", exit: [0] },
  // Node reopens a closed stdout on /dev/null: the run is the same as `> /dev/null`.
  { name: "stdout is closed", setup: () => {}, stdout: "closed", exit: [0] },

  // Paths with nothing to lint.
  { name: "an empty folder", setup: (t) => t.dir("skills"), args: ["lint", "skills"], exit: [2], blame: ["skills"], witness: false },
  { name: "a mistyped folder holding no skill", setup: (t) => t.file("docs/README.md", "# Docs\n"), args: ["lint", "docs"], exit: [2], blame: ["docs"], witness: false },
  { name: "a folder named SKILL.md", setup: (t) => t.dir("x/SKILL.md"), args: ["lint", "x/SKILL.md"], exit: [1, 2], named: ["x/SKILL.md"], witness: false },
  { name: "a path that does not exist", setup: () => {}, args: ["lint", ".agents/skill"], exit: [2], blame: [".agents/skill"], witness: false },
  { name: "schema check of a folder without schemas", setup: (t) => t.file("docs/README.md", "# Docs\n"), args: ["schema", "check", "docs"], exit: [2], blame: ["docs"], witness: false },

  // Odd config.
  { name: 'config {"ignores": [""]}', setup: (t) => t.file("ops-skill.config.json", '{ "ignores": [""] }\n'), exit: [0, 1, 2], blame: ["ops-skill.config.json"], witness: "unless-2" },
  { name: "package.json holding null", setup: (t) => t.file("package.json", "null\n"), exit: [0, 1, 2], blame: ["package.json"], witness: "unless-2" },

  // Terminal control characters from file content.
  { name: "control characters in name, description and body", setup: controlCharacters, formats: FORMATS, exit: [0, 1], named: [BAD] },

  // Discovery findings under --fix.
  { name: "--fix keeps the finding of a skill in a hidden folder", setup: (t) => t.file(`${SKILLS}/.hidden/SKILL.md`, fixableSkill("hidden")), args: ["lint", "--fix"], exit: [1], named: [`${SKILLS}/.hidden/SKILL.md`], tree: { mayChange: [`${SKILLS}/.hidden/SKILL.md`] } },
  { name: "--fix keeps the finding of skill.md", setup: (t) => t.file(`${SKILLS}/lower/skill.md`, fixableSkill("lower")), args: ["lint", "--fix"], exit: [1], named: [`${SKILLS}/lower/skill.md`], tree: { mayChange: [`${SKILLS}/lower/skill.md`] } },
  { name: "--fix keeps the finding of a skill too deep", setup: (t) => t.file(`${SKILLS}/a/b/c/d/e/f/deep/SKILL.md`, fixableSkill("deep")), args: ["lint", "--fix"], exit: [1], named: [`${SKILLS}/a/b/c/d/e/f/deep/SKILL.md`], tree: { mayChange: [`${SKILLS}/a/b/c/d/e/f/deep/SKILL.md`] } },
  { name: "--fix keeps the finding of a symlinked SKILL.md", setup: (t) => t.file(`${SKILLS}/real/notes.md`, fixableSkill("real")).link(`${SKILLS}/linked/SKILL.md`, "../real/notes.md"), args: ["lint", "--fix"], exit: [1, 2], named: [`${SKILLS}/linked/SKILL.md`], tree: { mayChange: [`${SKILLS}/real/notes.md`] } },
];
