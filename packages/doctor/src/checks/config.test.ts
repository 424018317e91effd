import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  codexHome,
  context,
  fixedTexts,
  invocation,
  project,
  runnerTempHome,
  type Sandbox,
  withCodexHome,
} from "../../test/checks-a/helpers.js";
import { config, profileSections } from "./config.js";

let box: Sandbox | undefined;
afterEach(() => box?.remove());

const PROMPT = "Run $drift-check.";

describe("config", () => {
  it("works with a profile file beside no user config", async () => {
    box = project("guarded");
    const home = codexHome(box, "nightly");
    const verdicts = await config(
      invocation(box.repo, PROMPT, { ...withCodexHome(home), args: ["--profile", "nightly"] }),
      context(box),
    );
    expect(verdicts.map((v) => v.status)).toEqual(["works"]);
    expect(verdicts[0]?.reason).toContain(join(home, "nightly.config.toml"));
  });

  it("breaks for --profile NAME without NAME.config.toml (Codex ignores it silently)", async () => {
    box = project("guarded");
    const home = codexHome(box);
    const [verdict] = await config(
      invocation(box.repo, PROMPT, { ...withCodexHome(home), args: ["--profile", "nightly"] }),
      context(box),
    );
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.title).toBe("--profile nightly has no nightly.config.toml");
  });

  it("breaks for [profiles.NAME] with --profile NAME, and the fix moves it to NAME.config.toml", async () => {
    box = project("guarded");
    const home = codexHome(box, "legacy-profiles");
    const verdicts = await config(
      invocation(box.repo, PROMPT, { ...withCodexHome(home), args: ["--profile", "nightly"] }),
      context(box),
    );
    const legacy = verdicts.find((v) => v.title.startsWith("--profile nightly with"));
    expect(legacy?.status).toBe("breaks");
    expect(legacy?.location).toEqual({ file: join(home, "config.toml"), line: 3, column: 11 });
    expect(legacy?.consent).toBe(true);
    const files = fixedTexts(legacy?.fixes ?? []);
    expect(files.get(join(home, "nightly.config.toml"))).toBe(
      'sandbox_mode = "workspace-write"\n\n[sandbox_workspace_write]\nnetwork_access = true\n',
    );
    expect(files.get(join(home, "config.toml"))).toBe(
      'model = "gpt-5.5"\n\n[tui]\nanimations = false\n',
    );
    // Without --profile the table is inert: no verdict about it.
    const inert = await config(invocation(box.repo, PROMPT, withCodexHome(home)), context(box));
    expect(inert.map((v) => v.status)).toEqual(["works"]);
  });

  it("breaks for a top-level profile key, and the fix drops that line", async () => {
    box = project("guarded");
    const home = codexHome(box, "top-profile");
    const [verdict] = await config(
      invocation(box.repo, PROMPT, { ...withCodexHome(home), args: ["--profile", "nightly"] }),
      context(box),
    );
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain('legacy `profile = "nightly"` config is no longer supported');
    expect(fixedTexts(verdict?.fixes ?? []).get(join(home, "config.toml"))).toBe(
      'model = "gpt-5.5"\n',
    );
  });

  it("warns of an unknown key, and breaks for it under --strict-config", async () => {
    box = project("guarded");
    const home = codexHome(box, "unknown-key");
    const lax = await config(invocation(box.repo, PROMPT, withCodexHome(home)), context(box));
    expect(lax.map((v) => v.status)).toEqual(["works"]);
    expect(lax[0]?.reason).toContain("Codex ignores the unknown key `modle`");
    const strict = await config(
      invocation(box.repo, PROMPT, { ...withCodexHome(home), args: ["--strict-config"] }),
      context(box),
    );
    expect(strict.map((v) => v.status)).toEqual(["breaks"]);
    expect(strict[0]?.location).toEqual({ file: join(home, "config.toml"), line: 1, column: 1 });
  });

  it("breaks for a value Codex refuses and for a TOML syntax error", async () => {
    box = project("guarded");
    const bad = codexHome(box, "bad-sandbox", "bad");
    const [invalid] = await config(invocation(box.repo, PROMPT, withCodexHome(bad)), context(box));
    expect(invalid?.status).toBe("breaks");
    expect(invalid?.reason).toContain("unknown variant `full`");
    const broken = codexHome(box, "bad-toml", "broken");
    const [syntax] = await config(
      invocation(box.repo, PROMPT, withCodexHome(broken)),
      context(box),
    );
    expect(syntax?.status).toBe("breaks");
    expect(syntax?.title).toBe(`${join(broken, "config.toml")} is not valid TOML`);
  });

  it("reads the home `ops-skill codex-home` writes from schedule/ when CODEX_HOME is an expression", async () => {
    box = project("guarded");
    const expression = runnerTempHome();
    const run = (profile: string) =>
      config(
        invocation(box?.repo ?? "", PROMPT, {
          source: { kind: "workflow", file: "w.yml", name: "w.yml" },
          env: [expression],
          args: ["--profile", profile],
        }),
        context(box as Sandbox),
      );
    const good = await run("day-two");
    expect(good.map((v) => v.status)).toEqual(["works"]);
    expect(good[0]?.reason).toContain(join(box.repo, "schedule/day-two.config.toml"));
    const missing = await run("nightly");
    expect(missing[0]?.status).toBe("breaks");
    expect(missing[0]?.fix).toContain("schedule/nightly.config.toml");
  });

  it("breaks when `ops-skill codex-home` would refuse schedule/ (a profile that is not TOML)", async () => {
    box = project("guarded");
    writeFileSync(join(box.repo, "schedule/day-two.config.toml"), "[permissions.day-two\n");
    const verdicts = await config(
      invocation(box.repo, PROMPT, { env: [runnerTempHome()], args: ["--profile", "day-two"] }),
      context(box),
    );
    expect(verdicts.map((v) => [v.status, v.title])).toEqual([
      ["breaks", "`ops-skill codex-home` refuses schedule/day-two.config.toml"],
    ]);
    expect(verdicts[0]?.location).toEqual({
      file: join(box.repo, "schedule/day-two.config.toml"),
      // Where the TOML parser stops: the end of the unclosed header.
      line: 2,
      column: 1,
    });
    expect(verdicts[0]?.reason).toContain("not valid TOML");
  });

  it("cannot tell when CODEX_HOME is an expression and there is no schedule/", async () => {
    box = project("no-forbid");
    const [verdict] = await config(
      invocation(box.repo, PROMPT, {
        env: [
          {
            name: "CODEX_HOME",
            source: "expression",
            value: "$RUNNER_TEMP/home",
            location: { file: "<command>", line: 1, column: 1 },
          },
        ],
      }),
      context(box),
    );
    expect(verdict?.status).toBe("cannot-tell");
  });
});

describe("profileSections", () => {
  it("leaves a profile written some other way alone", () => {
    expect(profileSections('profiles = { nightly = { model = "x" } }\n', "nightly")).toBe(
      undefined,
    );
    expect(profileSections("[profiles.other]\nmodel = 1\n", "nightly")).toBe(undefined);
    // A header Codex reads that is not bare keys ends the profile's section.
    expect(
      profileSections('[profiles.nightly]\nmodel = "x"\n["tui"]\nanimations = false\n', "nightly"),
    ).toEqual({ content: 'model = "x"\n', cuts: [{ start: 0, end: 31 }] });
  });
});
