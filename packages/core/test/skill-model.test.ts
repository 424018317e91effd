import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DirectoryListings, discoverSkills } from "../src/discover.js";
import { parseMarkdownBody } from "../src/markdown.js";
import { type PluginNamespaceCache, pluginNamespace } from "../src/plugin-namespace.js";
import { readSkill } from "../src/skill.js";
import { readTextFile, walkSkillDir } from "../src/skill-files.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ops-skill-model-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(rel: string, text: string | Uint8Array, mode?: number): string {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  if (mode !== undefined) chmodSync(path, mode);
  return path;
}

const SKILL =
  "---\nname: demo\ndescription: Checks things. Use when asked to check.\n---\n# Demo\n";

describe("walkSkillDir", () => {
  it("gives the same files, sizes and modes with discovery's listings as without", async () => {
    write("skills/demo/SKILL.md", SKILL);
    write("skills/demo/scripts/run.sh", "#!/bin/sh\necho hi\n", 0o755);
    write("skills/demo/references/notes.md", "notes\n");
    write("skills/demo/nested/SKILL.md", SKILL); // another skill: left out
    symlinkSync("references/notes.md", join(root, "skills/demo/link.md"));
    const listings: DirectoryListings = new Map();
    await discoverSkills([join(root, "skills")], { cwd: root, listings });
    expect(listings.has(join(root, "skills/demo/scripts"))).toBe(true);

    const plain = walkSkillDir(join(root, "skills/demo"));
    const shared = walkSkillDir(join(root, "skills/demo"), listings);
    const view = (entries: typeof plain) =>
      entries.map((e) => ({ rel: e.rel, kind: e.kind, size: e.size, mode: e.mode & 0o777 }));
    expect(view(shared)).toEqual(view(plain));
    expect(view(plain)).toEqual([
      { rel: "SKILL.md", kind: "file", size: SKILL.length, mode: expect.any(Number) },
      { rel: "link.md", kind: "symlink", size: "references/notes.md".length, mode: 0o777 },
      { rel: "references/notes.md", kind: "file", size: 6, mode: expect.any(Number) },
      { rel: "scripts/run.sh", kind: "file", size: 18, mode: 0o755 },
    ]);
  });
});

describe("readTextFile", () => {
  it("keeps a byte-order mark, and skips binary and oversized files", () => {
    write("bom.sh", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("#!/bin/sh\n")]));
    write("nul.bin", new Uint8Array([0x61, 0x00, 0x62]));
    write("big.txt", "x".repeat(1024 * 1024 + 1));
    const entries = new Map(walkSkillDir(root).map((e) => [e.rel, e]));
    const text = (rel: string) =>
      readTextFile(entries.get(rel) as NonNullable<ReturnType<typeof entries.get>>);
    expect(text("bom.sh")).toBe("\uFEFF#!/bin/sh\n");
    expect(text("nul.bin")).toBeUndefined();
    expect(text("big.txt")).toBeUndefined();
  });
});

describe("pluginNamespace", () => {
  it("answers sibling skills from the cache as it would without one", () => {
    write("plugin/.codex-plugin/plugin.json", JSON.stringify({ name: "tools" }));
    write("plugin/skills/a/SKILL.md", SKILL);
    write("plugin/skills/b/SKILL.md", SKILL);
    write("broken/.claude-plugin/plugin.json", "{ not json");
    write("broken/skills/c/SKILL.md", SKILL);
    write("plain/skills/d/SKILL.md", SKILL);
    const cache: PluginNamespaceCache = new Map();
    for (const [dir, expected] of [
      ["plugin/skills/a", "tools"],
      ["plugin/skills/b", "tools"],
      ["broken/skills/c", undefined],
      ["plain/skills/d", undefined],
    ] as const) {
      expect(pluginNamespace(join(root, dir), cache)).toBe(expected);
      expect(pluginNamespace(join(root, dir))).toBe(expected);
    }
    // The search for b stopped at the folders a's search had cached.
    expect(cache.get(join(root, "plugin/skills"))).toEqual({ namespace: "tools" });
  });
});

describe("SkillFile.releaseDerived", () => {
  it("works out the body, files and derived values again, the same as before", async () => {
    const path = write(
      "skills/demo/SKILL.md",
      `${SKILL}\nRun \`scripts/run.sh\`, see [notes](references/notes.md).\n`,
    );
    write("skills/demo/scripts/run.sh", "#!/bin/sh\n");
    const skill = await readSkill(path);
    const key = Symbol("test");
    let computed = 0;
    const before = {
      markdown: skill.markdown,
      files: skill.files.map((f) => f.rel),
      derived: skill.derived(key, () => ++computed),
      line: skill.lines.lineText(5),
    };
    expect(skill.derived(key, () => ++computed)).toBe(1);
    skill.releaseDerived();
    expect(skill.markdown).not.toBe(before.markdown);
    expect(skill.markdown).toEqual(before.markdown);
    expect(skill.files.map((f) => f.rel)).toEqual(before.files);
    expect(skill.derived(key, () => ++computed)).toBe(2);
    expect(skill.lines.lineText(5)).toBe(before.line);
    expect(skill.realDir).toBe(join(root, "skills/demo"));
  });
});

describe("parseMarkdownBody", () => {
  it("normalizes CR line endings and NUL characters as markdown-it does", () => {
    const body =
      "# Title\r\n\r\nSee [a](references/a.md)\rand `scripts/x.sh`\0.\r\n```sh\r\nls\r\n```\r\n";
    const lines = body.split(/\r\n|\n|\r/);
    const parsed = parseMarkdownBody(body, 1, (line) => lines[line - 1] ?? "");
    expect(parsed.headings).toEqual([{ level: 1, text: "Title", line: 1 }]);
    expect(parsed.links.map((l) => [l.target, l.line])).toEqual([
      ["references/a.md", 3],
      ["scripts/x.sh", 4],
    ]);
    expect(parsed.fences).toMatchObject([{ info: "sh", content: "ls\n", line: 5, closed: true }]);
    // The same blocks as stock markdown-it.
    const stock = new MarkdownIt({ html: true }).parse(body, {});
    expect(stock.filter((t) => t.type === "fence").map((t) => t.map)).toEqual([[4, 7]]);
  });

  it("places each span and link of a paragraph, sections by level, and paths in a fence by line", () => {
    const body = [
      "# Runbook",
      "",
      "Run `scripts/a.sh` first,",
      "then [the notes](references/n.md) and `scripts/b.sh`,",
      "then `scripts/a.sh` again.",
      "",
      "## Check",
      "### Detail",
      "## Report",
      "",
      "```sh",
      "bash scripts/c.sh",
      "",
      "bash scripts/d.sh",
      "```",
      "",
    ].join("\n");
    const lines = body.split("\n");
    const parsed = parseMarkdownBody(body, 1, (line) => lines[line - 1] ?? "");
    expect(parsed.links.map((l) => [l.target, l.line, l.column])).toEqual([
      ["scripts/a.sh", 3, 6],
      ["references/n.md", 4, 18],
      ["scripts/b.sh", 4, 40],
      // The first line of the paragraph that holds it, from where the span before it was.
      ["scripts/a.sh", 5, 7],
      ["scripts/c.sh", 12, 1],
      ["scripts/d.sh", 14, 1],
    ]);
    expect(parsed.sections.map((s) => [s.heading.text, s.startLine, s.endLine])).toEqual([
      ["Runbook", 2, 16],
      ["Check", 8, 8],
      ["Detail", 9, 8],
      ["Report", 10, 16],
    ]);
  });
});
