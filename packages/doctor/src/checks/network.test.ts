import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { context, homes, invocation } from "../../test/sandbox/helpers.js";
import { networkCheck } from "./network.js";

const check = async (options: Parameters<typeof invocation>[0]) =>
  networkCheck(invocation(options), context());

const summary = (verdicts: Awaited<ReturnType<typeof check>>) =>
  verdicts.map((v) => [v.status, v.title]);

describe("network check", () => {
  it("works when the profile gives the whole network", async () => {
    const verdicts = await check({ args: ["--profile", "nightly"], home: "profile" });
    expect(summary(verdicts)).toEqual([
      ["works", "curl, openssl s_client, kubectl diff reach the network"],
    ]);
    expect(verdicts[0]?.location).toMatchObject({
      file: join(homes, "profile", "nightly.config.toml"),
      line: 7,
    });
  });

  it("breaks per tool under read-only, pointing at the flag", async () => {
    const verdicts = await check({
      args: ["--profile", "nightly", "--sandbox", "read-only"],
      home: "profile",
    });
    expect(summary(verdicts)).toEqual([
      ["breaks", "curl gets no network"],
      ["breaks", "openssl s_client gets no network"],
      ["breaks", "kubectl diff gets no network"],
    ]);
    expect(verdicts[0]?.reason).toContain("api.example.com");
    expect(verdicts[0]?.reason).toContain("net-check: .agents/skills/net-check/SKILL.md:13");
  });

  it("breaks for a raw TCP tool behind the proxy, and cannot tell for a kubeconfig's cluster", async () => {
    const verdicts = await check({ args: ["--profile", "nightly"], home: "proxy" });
    expect(summary(verdicts)).toEqual([
      ["breaks", "openssl s_client cannot pass Codex's network proxy"],
      ["cannot-tell", "kubectl diff reaches hosts the doctor cannot name"],
      ["works", "curl reaches the network"],
    ]);
  });

  it("names the host the allowlist does not allow, and adds it", async () => {
    const verdicts = await check({ args: ["--profile", "nightly"], home: "proxy-other-host" });
    const curl = verdicts.find((v) => v.title.startsWith("curl"));
    expect(curl).toMatchObject({
      status: "breaks",
      title: "curl reaches api.example.com, which the allowlist does not allow",
    });
    const fix = curl?.fixes?.[0];
    if (fix?.kind !== "edit") throw new Error("no edit");
    const text = readFileSync(fix.path, "utf8");
    expect(text.slice(0, fix.start) + fix.text + text.slice(fix.end)).toContain(
      '[permissions.nightly.network.domains]\n"api.example.com" = "allow"\n"status.example.com" = "allow"\n',
    );
  });

  it("follows the proxy's matching: **.example.com covers api.example.com, *.api.example.com does not", async () => {
    const star = await check({ args: ["--profile", "nightly"], home: "proxy-double-star" });
    expect(summary(star)).toContainEqual(["works", "curl reaches the network"]);
    const apex = await check({ args: ["--profile", "nightly"], home: "proxy-wildcard-apex" });
    const curl = apex.find((v) => v.title.startsWith("curl"));
    expect(curl).toMatchObject({
      status: "breaks",
      title: "curl reaches api.example.com, which the allowlist does not allow",
    });
    expect(curl?.reason).toContain(
      '"*.api.example.com" covers the names under api.example.com, not api.example.com itself: list "api.example.com" too, or write "**.api.example.com", which covers both.',
    );
  });

  it("works when the skills need no network, and cannot tell without a skill", async () => {
    const none = await check({
      args: ["--sandbox", "read-only"],
      prompt: "Summarise the README.",
    });
    expect(summary(none)).toEqual([["cannot-tell", "no skill of the prompt was found"]]);
  });
});
