import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { context, homes, invocation, project } from "../../test/sandbox/helpers.js";
import { sandboxCheck } from "./sandbox.js";

/** A workflow expression the doctor cannot follow: `${{ runner.temp }}/h`. */
const RUNNER_HOME = `${"$"}{{ runner.temp }}/h`;

const check = async (options: Parameters<typeof invocation>[0]) =>
  sandboxCheck(invocation(options), context());

describe("sandbox check", () => {
  it("works with a profile that gives the network, naming the file and line", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "profile" });
    expect(verdict).toMatchObject({
      check: "sandbox",
      status: "works",
      location: { file: join(homes, "profile", "nightly.config.toml"), line: 1 },
    });
    expect(verdict?.title).toBe(
      `the run gets the permission profile nightly (extends :read-only), from default_permissions in ${join(homes, "profile", "nightly.config.toml")}:1`,
    );
  });

  it("breaks when --sandbox overrides a profile that would give the network, and drops the flag", async () => {
    const [verdict] = await check({
      args: ["--profile", "nightly", "--sandbox", "read-only", "-o", "report.json"],
      home: "profile",
    });
    expect(verdict).toMatchObject({
      status: "breaks",
      title:
        "--sandbox read-only overrides the permission profile nightly, which gives the network",
    });
    expect(verdict?.reason).toContain("curl, openssl s_client, kubectl diff need the network");
    const fix = verdict?.fixes?.[0];
    expect(fix).toMatchObject({ kind: "edit", path: join(project, "run.sh"), text: "" });
    if (fix?.kind !== "edit") throw new Error("no edit");
    const text = readFileSync(fix.path, "utf8");
    expect(text.slice(0, fix.start) + text.slice(fix.end)).toContain(
      "codex exec --profile nightly \\\n",
    );
  });

  it("breaks under read-only with network needs, and writes a missing profile file with consent", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "empty" });
    expect(verdict).toMatchObject({
      status: "breaks",
      title:
        "the run gets read-only sandbox: no network, and curl, openssl s_client, kubectl diff need it",
      consent: true,
    });
    expect(verdict?.fixes?.[0]).toMatchObject({
      kind: "write",
      path: join(homes, "empty", "nightly.config.toml"),
    });
    expect(verdict?.fixes?.[0]?.kind === "write" && verdict.fixes[0].content).toContain(
      "[permissions.nightly.network]\nenabled = true\n",
    );
  });

  it("breaks on -c sandbox_mode over a profile, without an automatic fix", async () => {
    const [verdict] = await check({
      args: ["--profile", "nightly", "-c", "sandbox_mode=workspace-write"],
      home: "profile",
    });
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.title).toContain(
      "-c sandbox_mode=... overrides the permission profile nightly",
    );
    expect(verdict?.fixes).toBeUndefined();
  });

  it("lets a profile file's default_permissions beat the user config's sandbox_mode (measured)", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "user-sandbox-mode" });
    expect(verdict?.status).toBe("works");
    expect(verdict?.reason).toContain('sandbox_mode = "workspace-write"');
    expect(verdict?.reason).toContain("is overridden");
  });

  it("breaks when Codex refuses the profile, or when it extends nothing", async () => {
    const [undefinedProfile] = await check({ args: ["--profile", "nightly"], home: "undefined" });
    expect(undefinedProfile).toMatchObject({
      status: "breaks",
      title: "Codex refuses to start: default_permissions requires a `[permissions]` table",
    });
    const [nothing] = await check({ args: ["--profile", "nightly"], home: "no-extends" });
    expect(nothing?.title).toBe(
      "the permission profile nightly extends nothing: no command can start",
    );
  });

  it("cannot tell when a config file Codex loads does not parse", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "bad-toml" });
    expect(verdict).toMatchObject({
      status: "cannot-tell",
      title: `${join(homes, "bad-toml", "nightly.config.toml")} does not parse`,
    });
  });

  it("cannot tell without a Codex home it can read, unless a flag decides", async () => {
    const unknown = invocation({
      args: ["--profile", "nightly"],
      env: { CODEX_HOME: RUNNER_HOME },
    });
    const [verdict] = await sandboxCheck(unknown, context());
    expect(verdict?.status).toBe("cannot-tell");
    const flagged = invocation({
      args: ["--sandbox", "danger-full-access"],
      env: { CODEX_HOME: RUNNER_HOME },
    });
    expect((await sandboxCheck(flagged, context()))[0]?.status).toBe("works");
  });
});
