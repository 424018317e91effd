import { CODEX_VERSION } from "@ops-skill/codex/version";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { expectGolden } from "../../test/fixtures/formatters/golden.js";
import { CWD, emptyResult, nastyResult } from "../../test/fixtures/formatters/lint-result.js";
import { formatters } from "./index.js";
import { json } from "./json.js";
import { jsonWithMetadata } from "./json-with-metadata.js";

const context = { cwd: CWD, color: false };

describe("json-with-metadata formatter", () => {
  it("is registered under ESLint's name", () => {
    expect(formatters["json-with-metadata"]).toBe(jsonWithMetadata);
  });

  it("matches the golden output with nasty messages", async () => {
    await expectGolden(
      "json-with-metadata/nasty.json",
      `${jsonWithMetadata(nastyResult(), context)}\n`,
    );
  });

  it("holds the json format's results and names the versions the verdicts are for", () => {
    const result = nastyResult();
    const document = JSON.parse(jsonWithMetadata(result, context));
    expect(document.results).toEqual(JSON.parse(json(result, context)));
    expect(document.metadata).toMatchObject({
      cwd: CWD,
      codexVersion: CODEX_VERSION,
      opsSkillVersion: packageJson.version,
    });
    expect(Object.keys(document.metadata.rulesMeta)).toEqual(result.rules.map((r) => r.id));
  });

  it("keeps the metadata when nothing was found", () => {
    const document = JSON.parse(jsonWithMetadata(emptyResult(), context));
    expect(document.results).toEqual([]);
    expect(document.metadata.codexVersion).toBe(CODEX_VERSION);
  });
});
