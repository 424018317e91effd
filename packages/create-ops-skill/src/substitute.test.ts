import { describe, expect, it } from "vitest";
import { renameText, rewordBlocked, textOf } from "./substitute.js";

const renames = {
  from: "cert-check",
  to: "cert-check-prod",
  skillPath: ".agents/skills/cert-check-prod",
  upToRoot: "../../../",
  schemaFrom: "cert-report.schema.json",
  schemaTo: "cert-check-prod.schema.json",
};

describe("renameText", () => {
  it("renames the skill, its paths and its schema in one pass", () => {
    expect(
      renameText(
        "name: cert-check\nRun the cert-check skill (skills/cert-check/SKILL.md): skills/cert-check/scripts/x.sh, --output-schema schemas/cert-report.schema.json; kept at `../../schemas/cert-report.schema.json`; cert-report stays; cert-checker stays",
        renames,
      ),
    ).toBe(
      "name: cert-check-prod\nRun the cert-check-prod skill (.agents/skills/cert-check-prod/SKILL.md): .agents/skills/cert-check-prod/scripts/x.sh, --output-schema schemas/cert-check-prod.schema.json; kept at `../../../schemas/cert-check-prod.schema.json`; cert-report stays; cert-checker stays",
    );
  });

  it("rewords the guard's recorded reasons for the repository's forbidden lists", () => {
    const text = "blocks `kubectl rollout` (forbidden by a, b, c): `kubectl rollout restart`";
    expect(rewordBlocked(text, { mine: ["kubectl rollout"], other: ["kubectl delete"] })).toBe(
      "blocks `kubectl rollout` (forbidden by mine): `kubectl rollout restart`",
    );
    // Text that only looks like a reason, or a command no list holds, stays as it is.
    const other = "it blocks `x` here; blocks `y` (forbidden by z) and blocks `open";
    expect(rewordBlocked(other, { mine: ["kubectl rollout"] })).toBe(other);
    expect(
      rewordBlocked(`${text} ${text}`, { a: ["kubectl rollout"], b: ["kubectl rollout"] }),
    ).toBe(
      "blocks `kubectl rollout` (forbidden by a, b): `kubectl rollout restart` blocks `kubectl rollout` (forbidden by a, b): `kubectl rollout restart`",
    );
  });

  it("leaves binary files alone", () => {
    expect(textOf(new Uint8Array([0x61, 0, 0x62]))).toBeUndefined();
    expect(textOf(new Uint8Array([0xff, 0xfe]))).toBeUndefined();
    expect(textOf(Buffer.from("é"))).toBe("é");
  });
});
