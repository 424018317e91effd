// The README starts with what a user types, then the contributor's two commands; the
// repository's license, security policy and changelog are where the packages point.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const commands = (block: string | undefined) =>
  (block ?? "")
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);

describe("README.md", () => {
  it("starts with the user's commands: create a skill, lint, test, doctor", () => {
    expect(readme.indexOf("```sh")).toBeLessThan(readme.indexOf("## "));
    expect(commands(blocks[0])).toEqual([
      "npx create-ops-skill",
      "npx ops-skill lint",
      "npx ops-skill test",
      "npx ops-skill doctor",
    ]);
    expect(readme).toContain("`npm install --save-dev ops-skill`");
  });

  it("then the contributor's two commands, as they are", () => {
    expect(readme.indexOf("## Two commands")).toBeGreaterThan(readme.indexOf(blocks[0] as string));
    expect(commands(blocks[1])).toEqual(["npm ci && npm start", "npm ci && npm test"]);
  });

  it("points at LICENSE, SECURITY.md and CHANGELOG.md, which exist", () => {
    for (const file of ["LICENSE", "SECURITY.md", "CHANGELOG.md"]) {
      expect(readme).toContain(`](${file})`);
      expect(readFileSync(join(root, file), "utf8").length).toBeGreaterThan(500);
    }
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });
});
