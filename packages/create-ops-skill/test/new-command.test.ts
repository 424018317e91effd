/** `ops-skill new` is the same generator: same templates, same files, same refusals. */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NEW_TEMPLATE_NAMES } from "../../cli/src/commands/new.js";
import { TEMPLATE_NAMES } from "../src/index.js";
import { create, interrupt, opsSkill, opsSkillBin, snapshot, tempRepo } from "./helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("ops-skill new", () => {
  it("offers create-ops-skill's templates", () => {
    expect([...NEW_TEMPLATE_NAMES]).toEqual([...TEMPLATE_NAMES]);
  });

  it("writes what create-ops-skill writes", () => {
    const [a, b] = [tempRepo(), tempRepo()];
    made.push(a, b);
    const viaNew = opsSkill(["new", "certs", "--template", "cert-check"], a);
    expect(viaNew.stderr).toBe("");
    expect(viaNew.code).toBe(0);
    expect(create(["certs", "--template", "cert-check", "--yes"], b).code).toBe(0);
    const strip = (snap: Record<string, string>) =>
      Object.fromEntries(Object.entries(snap).filter(([path]) => !path.startsWith("/.git")));
    // Paths are the same; files holding the repository's path (trust lines) aside, so are bytes.
    expect(Object.keys(strip(snapshot(a)))).toEqual(Object.keys(strip(snapshot(b))));
    const skill = ".agents/skills/certs/SKILL.md";
    expect(readFileSync(join(a, skill), "utf8")).toBe(readFileSync(join(b, skill), "utf8"));
  });

  it("refuses a bad name with exit 1 and the corrected name", () => {
    const dir = tempRepo();
    made.push(dir);
    const before = snapshot(dir);
    const result = opsSkill(["new", "Team/Drift"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ops-skill new: "Team/Drift" is not a skill name: the name holds a path separator; use lowercase a-z, 0-9 and single hyphens, starting with a letter, at most 64 characters (try team-drift)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("Ctrl-C while the schema's types are generated: exit 130, nothing written, no scratch folder left", async () => {
    const dir = tempRepo();
    const tmp = tempRepo(false);
    made.push(dir, tmp);
    const before = snapshot(dir);
    const ended = await interrupt(
      opsSkillBin,
      dir,
      // A folder away from the default, which the schema names: its types are generated.
      ["new", "my-drift", "--template", "drift-check", "--dir", "ops/my-drift"],
      (t) => readdirSync(t).some((f) => f.startsWith("create-ops-skill-types-")),
      tmp,
    );
    expect(ended).toEqual({
      code: 130,
      signal: null,
      stderr: "ops-skill new: interrupted; nothing was written\n",
    });
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});
