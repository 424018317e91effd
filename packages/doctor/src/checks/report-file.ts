/**
 * The `report-file` check: each later step reads the file the codex step writes (`-o` /
 * `--output-last-message`, which the codex action's `output-file` input becomes), both paths
 * resolved against the directory each runs in; and every jq path it reads names fields the
 * output schema has. Codex writes the final message to `-o` and nowhere else: a step reading
 * another file reads nothing (or last week's), and jq prints `null` for a field the schema does
 * not have, so a gate on it never fires.
 */
import { resolve } from "node:path";
import { readRegularText } from "@ops-skill/core";
import { buildSchemaModelFromText, type SchemaModel } from "@ops-skill/schema";
import type { Invocation, ReportUse, SyncCheck, Verdict } from "../model.js";
import { jqPaths, jqPathText } from "./_jq-paths.js";
import { isRunTimePath, listed, resolveInRun, startDir, verdict } from "./_run.js";
import { resolveJqPath } from "./_schema-paths.js";

function readSchema(invocation: Invocation): SchemaModel | undefined {
  const given = invocation.options.outputSchema;
  if (given === undefined) return undefined;
  const read = readRegularText(resolveInRun(invocation, given), { maxBytes: 16 * 1024 * 1024 });
  if (!read.ok) return undefined;
  const model = buildSchemaModelFromText(read.text);
  return model.root === undefined ? undefined : model;
}

function fileVerdict(invocation: Invocation, use: ReportUse, written: string | undefined): Verdict {
  const reads = resolve(use.cwd ?? startDir(invocation), use.file);
  const title = `the report ${use.file} a later step reads is the file codex exec writes`;
  if (written === undefined) {
    return verdict(
      "report-file",
      "breaks",
      title,
      `The later step reads ${reads}, but codex exec is given no -o (--output-last-message): Codex prints the final message on stdout and writes no file, so the step reads nothing (or an old file).`,
      use.location,
      `Add \`-o ${use.file}\` to codex exec (with the codex action: its \`output-file\` input).`,
    );
  }
  const writes = resolveInRun(invocation, written);
  if (isRunTimePath(written) || isRunTimePath(use.file)) {
    if (written === use.file) {
      return verdict(
        "report-file",
        "works",
        title,
        `codex exec writes to ${written} and the later step reads the same ${written} (made when the run starts).`,
        use.location,
      );
    }
    return verdict(
      "report-file",
      "cannot-tell",
      title,
      `codex exec writes to ${written} and the later step reads ${use.file}: one is made when the run starts, so the doctor cannot tell whether they are the same file.`,
      use.location,
      "Write and read the report by the same path.",
    );
  }
  if (writes !== reads) {
    return verdict(
      "report-file",
      "breaks",
      title,
      `codex exec writes the final message to ${writes} (-o ${written}, from ${startDir(invocation)}), but the later step reads ${reads}: it never sees this run's report.`,
      use.location,
      `Read the file the run writes (${writes}), or give codex exec \`-o\` the path the step reads.`,
    );
  }
  return verdict(
    "report-file",
    "works",
    title,
    `codex exec writes its final message to ${writes} (-o ${written}), the file the later step reads.`,
    use.location,
  );
}

function fieldsVerdict(
  invocation: Invocation,
  use: ReportUse,
  model: SchemaModel | undefined,
): Verdict | undefined {
  if (use.jqPaths.length === 0) return undefined;
  const title = `the jq paths ${use.file} is read with are fields of the output schema`;
  if (model === undefined) {
    return verdict(
      "report-file",
      "cannot-tell",
      title,
      invocation.options.outputSchema === undefined
        ? "The run has no --output-schema, so nothing says which fields the report has."
        : `The output schema ${invocation.options.outputSchema} cannot be read as JSON (the schema check says why).`,
      use.location,
      "Give codex exec an --output-schema that reads; its fields are then checked against these paths.",
    );
  }
  const missing: string[] = [];
  const checked: string[] = [];
  let unknown = false;
  for (const filter of use.jqPaths) {
    const read = jqPaths(filter);
    unknown ||= read.partial;
    for (const path of read.paths) {
      const answer = resolveJqPath(model, path);
      if (answer.found === true) checked.push(jqPathText(path));
      else if (answer.found === "unknown") unknown = true;
      else {
        const there =
          answer.fields.length > 0
            ? `the schema has ${listed(answer.fields.map((f) => `\`${f}\``))} there`
            : `the schema has ${answer.kinds.length > 0 ? listed(answer.kinds) : "no field"} there, not ${answer.step === "[]" ? "an array" : "an object"}`;
        missing.push(
          `\`${jqPathText(path)}\`: ${answer.at === "." ? "" : `at \`${answer.at}\` `}${answer.step === "[]" ? "nothing to iterate" : `no field \`${answer.step.slice(1)}\``} (${there})`,
        );
      }
    }
  }
  if (missing.length > 0) {
    return verdict(
      "report-file",
      "breaks",
      title,
      `jq prints null for a field the report does not have, so the step's test never fires: ${missing.join("; ")}.`,
      use.location,
      `Read the schema's field names (${invocation.options.outputSchema}), or add the field to the schema.`,
    );
  }
  if (checked.length === 0) {
    return verdict(
      "report-file",
      "cannot-tell",
      title,
      `No field path could be read out of ${listed(use.jqPaths.map((p) => `\`${p}\``))}.`,
      use.location,
      "Read the report with plain paths (`.status`, `.findings[].severity`) so they can be checked.",
    );
  }
  return verdict(
    "report-file",
    "works",
    title,
    `${listed([...new Set(checked)].map((p) => `\`${p}\``))} ${checked.length === 1 ? "is a field" : "are fields"} of ${invocation.options.outputSchema}${unknown ? " (parts of the filter that are not report paths were not judged)" : ""}.`,
    use.location,
  );
}

export const reportFileCheck: SyncCheck = (invocation) => {
  if (invocation.reportUses.length === 0) {
    return [
      verdict(
        "report-file",
        "works",
        "no later step reads the run's report",
        "Nothing after codex exec reads a file of this run, so no path or field can be wrong.",
        invocation.location,
      ),
    ];
  }
  const model = readSchema(invocation);
  const written = invocation.options.outputLastMessage;
  return invocation.reportUses.flatMap((use) => {
    const file = fileVerdict(invocation, use, written);
    const fields = file.status === "works" ? fieldsVerdict(invocation, use, model) : undefined;
    return fields === undefined ? [file] : [file, fields];
  });
};
