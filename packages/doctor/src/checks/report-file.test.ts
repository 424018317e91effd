import { describe, expect, it } from "vitest";
import { context, FIXTURES, run } from "../../test/checks-b.js";
import { reportFileCheck } from "./report-file.js";

const SCHEMA = "--output-schema schemas/report.schema.json";

const judge = (line: string, reportUses: Parameters<typeof run>[1]["reportUses"], cwd?: string) =>
  reportFileCheck(
    run(line, { project: "reports", reportUses, ...(cwd === undefined ? {} : { cwd }) }),
    context("reports"),
  );

describe("report-file check", () => {
  it("works when the step reads the file -o writes and fields the schema has", () => {
    const verdicts = judge(`exec ${SCHEMA} -o report.json 'go'`, [
      {
        file: "report.json",
        jqPaths: [
          ".status",
          '.findings[] | select(.severity == "critical") | .resource',
          ".details.checked",
          ".",
        ],
      },
    ]);
    expect(verdicts.map((v) => v.status)).toEqual(["works", "works"]);
    expect(verdicts[1]?.reason).toContain("`.findings[].severity`");
    expect(verdicts[1]?.reason).toContain("`.details.checked`");
  });

  it("breaks when the step parses a file the codex step never writes", () => {
    const [noFile] = judge(`exec ${SCHEMA} 'go'`, [{ file: "output.json", jqPaths: [".status"] }]);
    expect(noFile?.status).toBe("breaks");
    expect(noFile?.reason).toContain("no -o");
    const [other] = judge(`exec ${SCHEMA} -o report.json 'go'`, [
      { file: "output.json", jqPaths: [".status"] },
    ]);
    expect(other?.status).toBe("breaks");
    expect(other?.reason).toContain(`${FIXTURES}/reports/output.json`);
  });

  it("resolves each path against the directory each step runs in", () => {
    const [same] = judge(
      `exec ${SCHEMA.replace("schemas/", "")} -o ../report.json 'go'`,
      [{ file: "report.json", jqPaths: [], cwd: `${FIXTURES}/reports` }],
      "schemas",
    );
    expect(same?.status).toBe("works");
    const [differs] = judge(
      `exec ${SCHEMA.replace("schemas/", "")} -o report.json 'go'`,
      [{ file: "report.json", jqPaths: [], cwd: `${FIXTURES}/reports` }],
      "schemas",
    );
    expect(differs?.status).toBe("breaks");
  });

  it("takes -o from where codex exec starts: -C moves Codex, not the report", () => {
    const [verdict] = judge(`exec -C schemas ${SCHEMA} -o report.json 'go'`, [
      { file: "report.json", jqPaths: [".status"] },
    ]);
    expect(verdict?.status).toBe("works");
    expect(verdict?.reason).toContain(`${FIXTURES}/reports/report.json`);
  });

  it("compares paths made at run time as written", () => {
    const [same] = judge(`exec ${SCHEMA} -o "$RUNNER_TEMP/report.json" 'go'`, [
      { file: "$RUNNER_TEMP/report.json", jqPaths: [] },
    ]);
    expect(same?.status).toBe("works");
    const [other] = judge(`exec ${SCHEMA} -o "$RUNNER_TEMP/report.json" 'go'`, [
      { file: "report.json", jqPaths: [] },
    ]);
    expect(other?.status).toBe("cannot-tell");
  });

  it("breaks on a jq path the schema does not have, naming the fields there", () => {
    const verdicts = judge(`exec ${SCHEMA} -o report.json 'go'`, [
      { file: "report.json", jqPaths: [".result", ".findings[].level", ".summary.text"] },
    ]);
    const fields = verdicts[1];
    expect(fields?.status).toBe("breaks");
    expect(fields?.reason).toContain("`.result`: no field `result`");
    expect(fields?.reason).toContain("`status`, `summary`, `details` and `findings`");
    expect(fields?.reason).toContain("`.findings[].level`: at `.findings[]` no field `level`");
    expect(fields?.reason).toContain("`severity` and `resource`");
    expect(fields?.reason).toContain("`.summary.text`");
    expect(fields?.reason).toContain("string there, not an object");
  });

  it("cannot tell the fields without a schema, or when no path can be read", () => {
    const [, noSchema] = judge("exec -o report.json 'go'", [
      { file: "report.json", jqPaths: [".status"] },
    ]);
    expect(noSchema?.status).toBe("cannot-tell");
    const [, odd] = judge(`exec ${SCHEMA} -o report.json 'go'`, [
      { file: "report.json", jqPaths: ["$ENV.X | length"] },
    ]);
    expect(odd?.status).toBe("cannot-tell");
  });

  it("works when nothing reads the report", () => {
    const verdicts = judge(`exec ${SCHEMA} -o report.json 'go'`, []);
    expect(verdicts.map((v) => v.status)).toEqual(["works"]);
  });
});
