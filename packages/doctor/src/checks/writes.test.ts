import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { context, homes, invocation } from "../../test/sandbox/helpers.js";
import { writesCheck } from "./writes.js";

const check = async (options: Parameters<typeof invocation>[0]) =>
  writesCheck(invocation(options), context());

describe("writes check", () => {
  it("breaks for kubectl diff's temporary folder under a read-only profile, naming /tmp", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "profile" });
    expect(verdict).toMatchObject({
      check: "writes",
      status: "breaks",
      title: "kubectl diff cannot write /tmp",
      location: { file: join(homes, "profile", "nightly.config.toml"), line: 4 },
    });
    expect(verdict?.reason).toContain("the schedule does not set TMPDIR");
    expect(verdict?.fix).toContain('":tmpdir" = "write"');
  });

  it('works with ":tmpdir" = "write" and TMPDIR set, and breaks when TMPDIR is unset', async () => {
    const [works] = await check({
      args: ["--profile", "nightly"],
      home: "profile-tmpdir",
      env: { TMPDIR: "/var/tmp/net-check" },
    });
    expect(works).toMatchObject({
      status: "works",
      title: "the sandbox lets kubectl diff (/var/tmp/net-check/x) write",
    });
    const [unset] = await check({ args: ["--profile", "nightly"], home: "profile-tmpdir" });
    expect(unset?.status).toBe("breaks");
  });

  it("works under workspace-write, whose /tmp is writable", async () => {
    const [verdict] = await check({ args: ["--sandbox", "workspace-write"] });
    expect(verdict?.status).toBe("works");
  });

  it("breaks under read-only and offers a profile with a writable TMPDIR", async () => {
    const [verdict] = await check({ args: ["--profile", "nightly"], home: "empty" });
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("lets commands write nothing, not even /tmp");
    expect(verdict?.fixes?.[0]?.kind === "write" && verdict.fixes[0].content).toContain(
      '[permissions.nightly.filesystem]\n":tmpdir" = "write"\n',
    );
  });
});
