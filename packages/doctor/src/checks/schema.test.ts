import { describe, expect, it } from "vitest";
import { context, FIXTURES, run } from "../../test/checks-b.js";
import { schemaCheck } from "./schema.js";

const judge = (line: string, project: string, extra: Parameters<typeof run>[1] = { project }) =>
  schemaCheck(run(line, { ...extra, project }), context(project));

describe("schema check", () => {
  it("works for a schema that parses and passes strict mode", () => {
    const [verdict] = judge("exec --output-schema schemas/report.schema.json 'go'", "reports");
    expect(verdict?.status).toBe("works");
    expect(verdict?.location.file).toMatch(/report\.schema\.json$/);
  });

  it("breaks when the file is missing or a folder, with Codex's start-up error", () => {
    const [missing] = judge("exec --output-schema schemas/nope.json 'go'", "reports");
    expect(missing?.status).toBe("breaks");
    expect(missing?.reason).toContain(
      "Failed to read output schema file schemas/nope.json: No such file or directory (os error 2)",
    );
    const [folder] = judge("exec --output-schema schemas/a-folder.schema.json 'go'", "reports");
    expect(folder?.status).toBe("breaks");
    expect(folder?.reason).toContain("Is a directory (os error 21)");
  });

  it("resolves the schema against the run's working directory", () => {
    const [verdict] = judge("exec --output-schema report.schema.json 'go'", "reports", {
      project: "reports",
      cwd: "schemas",
    });
    expect(verdict?.status).toBe("works");
  });

  it("resolves the schema against where codex exec starts, not the -C folder", () => {
    const [fromStart] = judge(
      "exec -C schemas --output-schema schemas/report.schema.json 'go'",
      "reports",
    );
    expect(fromStart?.status).toBe("works");
    const [fromCd] = judge("exec -C schemas --output-schema report.schema.json 'go'", "reports");
    expect(fromCd?.status).toBe("breaks");
    expect(fromCd?.fix).toContain(`relative to ${FIXTURES}/reports,`);
  });

  it("cannot tell a schema path made at run time", () => {
    const [verdict] = judge("exec --output-schema \"$RUNNER_TEMP/s.json\" 'go'", "reports");
    expect(verdict?.status).toBe("cannot-tell");
  });

  it("breaks on a schema that is not JSON, at the line of the problem", () => {
    const [verdict] = judge(
      "exec --output-schema schemas/trailing-comma.schema.json 'go'",
      "reports",
    );
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("is not valid JSON");
    expect(verdict?.location.line).toBe(5);
  });

  it("breaks on a schema strict mode rejects, in the API's words", () => {
    const [verdict] = judge("exec --output-schema schemas/loose.schema.json 'go'", "reports");
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("Invalid schema for response_format 'codex_output_schema'");
    expect(verdict?.reason).toContain("additionalProperties");
    expect(verdict?.fix).toContain("ops-skill schema fix schemas/loose.schema.json --write");
  });

  it("without --output-schema: breaks when the recorded runs end in prose and a step parses JSON", () => {
    const uses = [{ file: "report.json", jqPaths: [".status"] }];
    const [verdict] = judge("exec -o report.json 'Use the triage skill on last night.'", "prose", {
      project: "prose",
      reportUses: uses,
    });
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("triage/nightly");
  });

  it("without --output-schema: cannot tell when the recorded runs ended in JSON, or there are none", () => {
    const uses = [{ file: "report.json", jqPaths: [".status"] }];
    const [json] = judge("exec -o report.json 'Run the drift-check skill.'", "scaffold", {
      project: "scaffold",
      reportUses: uses,
    });
    expect(json?.status).toBe("cannot-tell");
    const [none] = judge("exec -o report.json 'Run something.'", "reports", {
      project: "reports",
      reportUses: uses,
    });
    expect(none?.status).toBe("cannot-tell");
    expect(none?.reason).toContain("no recorded run");
  });

  it("works without --output-schema when nothing parses the report", () => {
    const [verdict] = judge("exec 'Use the triage skill.'", "prose");
    expect(verdict?.status).toBe("works");
  });
});
