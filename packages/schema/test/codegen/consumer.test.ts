import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTypes } from "../../src/codegen/index.js";
import { cleanUp, goodFixtures, type Project, project, runModule, TSC } from "./helpers.js";

afterAll(cleanUp);

let p: Project;
beforeAll(async () => {
  p = project(goodFixtures());
  await generateTypes({ cwd: p.dir });
});

const VALID = {
  schemaVersion: "1.0",
  runId: "0b6f0f4e-6d1c-4a55-9d2b-6f1b2a3c4d5e",
  host: { name: "db-01", environment: "production", "x-request-id": null },
  checkedAt: "2026-11-25T06:00:00Z",
  status: "warning",
  summary: { volumes: 2, failing: 1, headline: "/var is 91% full" },
  volumes: [
    {
      mount: "/",
      device: "/dev/nvme0n1p1",
      filesystem: "ext4",
      usedPercent: 41.5,
      inodesUsedPercent: 12,
      status: "ok",
      findings: [],
    },
    {
      mount: "/var",
      device: "/dev/nvme1n1",
      filesystem: null,
      usedPercent: 91,
      inodesUsedPercent: null,
      status: "warning",
      findings: [
        {
          code: "DISK-042",
          severity: "high",
          message: "Above the 90% threshold",
          suggestedAction: "clean-logs",
        },
      ],
    },
  ],
  owner: "sre-oncall@example.com",
  labels: { team: "storage", tier: "1" },
  previousRun: { runId: "9c1d2e3f-4a5b-4c6d-8e7f-1a2b3c4d5e6f", status: "ok" },
};

interface Issue {
  path: string;
  pointer: string;
  message: string;
  keyword: string;
}

/** Sets (or, with `undefined`, deletes) the value at `path` in a parsed JSON value. */
function set(target: unknown, path: (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Runs `body` (an async function body) in node with the generated modules imported. */
function inNode(body: string, input: unknown): unknown {
  const source = `
import * as disk from "./schemas/generated/disk-usage-report.js";
import * as cert from "./schemas/generated/cert-expiry-report.js";
import { validate } from "./schemas/generated/disk-usage-report.validate.js";
const input = JSON.parse(process.argv[2]);
const out = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(out));
`;
  const run = runModule(p.dir, source, [JSON.stringify(input)]);
  if (run.status !== 0) throw new Error(`node exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const catching = `
const attempt = (f) => {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return {
      ok: false,
      name: e.name,
      message: e.message,
      issues: e.issues,
      line: e.line,
      column: e.column,
      offset: e.offset,
      reason: e.reason,
      schema: e.schema,
      isValidation: e instanceof disk.ReportValidationError,
      isSyntax: e instanceof disk.ReportSyntaxError,
      isSyntaxError: e instanceof SyntaxError,
      sameClassAcrossReports: e instanceof cert.ReportValidationError,
    };
  }
};`;

describe("generated validators, run by node", () => {
  it("parse<Name> returns a valid report as parsed", () => {
    expect(
      inNode(
        `${catching} return attempt(() => disk.parseDiskUsageReport(JSON.stringify(input)));`,
        VALID,
      ),
    ).toEqual({
      ok: true,
      value: VALID,
    });
  });

  it("throws a ReportValidationError listing every violation with its path", () => {
    const broken = structuredClone(VALID);
    set(broken, ["runId"], undefined);
    set(broken, ["status"], "fine");
    set(broken, ["checkedAt"], "yesterday");
    set(broken, ["owner"], 42);
    set(broken, ["host", "environment"], "prod");
    set(broken, ["host", "extra"], true);
    set(broken, ["summary", "failing"], -1);
    set(broken, ["labels", "cost centre"], 7);
    set(broken, ["volumes", 1, "usedPercent"], 104);
    set(broken, ["volumes", 1, "findings", 0, "code"], "disk-42");
    set(broken, ["volumes", 1, "findings", 0, "suggestedAction"], "reboot");
    set(broken, ["volumes", 2], "not a volume");
    const out = inNode(
      `${catching} return attempt(() => disk.parseDiskUsageReport(JSON.stringify(input)));`,
      broken,
    ) as { issues: Issue[]; message: string };
    expect(out).toMatchObject({
      ok: false,
      name: "ReportValidationError",
      schema: "disk-usage-report.schema.json",
      isValidation: true,
      isSyntax: false,
      sameClassAcrossReports: true,
    });
    const lines = out.issues.map((i) => `${i.path} ${i.keyword}: ${i.message}`);
    expect(lines).toEqual([
      "$.runId required: is required but missing",
      "$.host.extra additionalProperties: is not allowed: the schema has no such property",
      '$.host.environment enum: must be one of "production", "staging", "development"',
      '$.checkedAt format: must match format "date-time"',
      '$.status enum: must be one of "ok", "warning", "critical", "unknown"',
      "$.summary.failing minimum: must be >= 0",
      "$.volumes[1].usedPercent maximum: must be <= 100",
      '$.volumes[1].findings[0].code pattern: must match pattern "^DISK-[0-9]{3}$"',
      '$.volumes[1].findings[0].suggestedAction enum: must be one of "none", "clean-logs", "expand-volume", "page-owner"',
      "$.volumes[1].findings[0].suggestedAction type: must be null, not string",
      "$.volumes[1].findings[0].suggestedAction anyOf: must match a schema in anyOf",
      "$.volumes[2] type: must be object, not string",
      "$.owner type: must be string, not integer",
      "$.owner type: must be null, not integer",
      "$.owner anyOf: must match a schema in anyOf",
      '$.labels["cost centre"] type: must be string, not integer',
    ]);
    expect(out.issues[0]).toEqual({
      path: "$.runId",
      pointer: "/runId",
      message: "is required but missing",
      keyword: "required",
      schemaPath: "#/required",
      params: { missingProperty: "runId" },
    });
    expect(out.message).toBe(
      `Report does not match disk-usage-report.schema.json (16 violations):\n${out.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`,
    );
  });

  it("throws a ReportSyntaxError with the line and column of a JSON syntax error", () => {
    const text = '{\n  "schemaVersion": "1.0",\n  "runId" "x"\n}';
    const out = inNode(`${catching} return attempt(() => disk.parseDiskUsageReport(input));`, text);
    expect(out).toMatchObject({
      ok: false,
      name: "ReportSyntaxError",
      isSyntax: true,
      isSyntaxError: true,
      isValidation: false,
      line: 3,
      column: 11,
      offset: 38,
      reason: "expected ':' after a property name",
      message:
        "Report for disk-usage-report.schema.json is not valid JSON: line 3, column 11: expected ':' after a property name",
    });
  });

  it.each([
    ["", 1, 1, "unexpected end of input: expected a value"],
    ["{", 1, 2, "unexpected end of input: expected a double-quoted property name"],
    ['{"a": 1,}', 1, 9, "expected a double-quoted property name"],
    ["[1, 2", 1, 6, "unexpected end of input: expected ',' or ']' after an array element"],
    ['{"a": tru}', 1, 7, 'unexpected "t", expected a value'],
    ['{"a": 01}', 1, 8, "expected ',' or '}' after a property value"],
    ['{"a": "\\q"}', 1, 9, "invalid escape in a string"],
    ['{"a": "x\ny"}', 1, 9, "control character in a string (escape it)"],
    ["{}\r\n\r\n  x", 3, 3, "unexpected text after the end of the JSON value"],
    ['\n\n\n{"a": "unterminated', 4, 20, "unexpected end of input: unterminated string"],
  ])("locates the syntax error of %j", (text, line, column, reason) => {
    const out = inNode(`${catching} return attempt(() => disk.parseDiskUsageReport(input));`, text);
    expect(out).toMatchObject({ ok: false, name: "ReportSyntaxError", line, column, reason });
  });

  it("ignores a leading byte order mark, and refuses what is not a string", () => {
    const out = inNode(
      `${catching}
      return [
        attempt(() => cert.parseCertExpiryReport("\\uFEFF" + JSON.stringify(input))).ok,
        attempt(() => cert.parseCertExpiryReport(Buffer.from("{}"))).message,
      ];`,
      { generatedAt: "2026-01-01T00:00:00Z", certificates: [], notes: null },
    );
    expect(out).toEqual([true, "expected the report as a string, got object"]);
  });

  it("is<Name> and assert<Name> check parsed values; the validator is ajv's, with allErrors", () => {
    const out = inNode(
      `${catching}
      const broken = { ...input, status: "fine", summary: null };
      return {
        isValid: disk.isDiskUsageReport(input),
        isBroken: disk.isDiskUsageReport(broken),
        assertValid: attempt(() => disk.assertDiskUsageReport(input)).ok,
        assertBroken: attempt(() => disk.assertDiskUsageReport(broken)).issues.map((i) => i.path),
        validate: [validate(input), validate(broken), validate.errors.map((e) => [e.instancePath, e.keyword, e.message])],
      };`,
      VALID,
    );
    expect(out).toEqual({
      isValid: true,
      isBroken: false,
      assertValid: true,
      assertBroken: ["$.status", "$.summary"],
      validate: [
        true,
        false,
        [
          ["/status", "enum", "must be equal to one of the allowed values"],
          ["/summary", "type", "must be object"],
        ],
      ],
    });
  });

  it("imports only ajv and ajv-formats, as ES modules", () => {
    const out = inNode(
      `const { readdirSync, readFileSync } = await import("node:fs");
      const specifiers = new Set();
      for (const f of readdirSync("schemas/generated").filter((n) => n.endsWith(".js")))
        for (const m of readFileSync("schemas/generated/" + f, "utf8").matchAll(/^import .* from "([^"]+)";$/gm)) specifiers.add(m[1]);
      const source = readFileSync("schemas/generated/disk-usage-report.validate.js", "utf8");
      return { specifiers: [...specifiers].sort(), require: /\\brequire\\(/.test(source) };`,
      null,
    );
    expect(out).toEqual({
      specifiers: [
        "./_runtime.js",
        "./cert-expiry-report.validate.js",
        "./disk-usage-report.validate.js",
        "ajv-formats/dist/formats.js",
        "ajv/dist/runtime/ucs2length.js",
      ],
      require: false,
    });
  });
});

describe("generated types", () => {
  it("compile with tsc --strict under nodenext, and type the report precisely", () => {
    writeFileSync(
      join(p.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "es2022",
          lib: ["es2022"],
          module: "nodenext",
          moduleResolution: "nodenext",
          noEmit: true,
          skipLibCheck: false,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noImplicitOverride: true,
          noUnusedLocals: true,
          noPropertyAccessFromIndexSignature: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          types: [],
        },
        files: ["consumer.mts"],
      }),
    );
    writeFileSync(
      join(p.dir, "consumer.mts"),
      `import {
  assertDiskUsageReport,
  type DiskUsageReport,
  type Finding,
  isDiskUsageReport,
  parseDiskUsageReport,
  type ReportIssue,
  ReportSyntaxError,
  ReportValidationError,
  type Volume,
} from "./schemas/generated/disk-usage-report.js";
import { type CertExpiryReport, parseCertExpiryReport } from "./schemas/generated/cert-expiry-report.js";
import validate, { type ValidatorError } from "./schemas/generated/disk-usage-report.validate.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const same = <T extends true>(): T | undefined => undefined;

export function summarize(text: string): string {
  try {
    const report: DiskUsageReport = parseDiskUsageReport(text);
    const worst: "ok" | "warning" | "critical" | "unknown" = report.status;
    const owner: string | null = report.owner;
    const first: Volume | undefined = report.volumes[0];
    const findings: Finding[] = first?.findings ?? [];
    const team: string | undefined = report.labels["team"];
    const previous = report.previousRun?.status;
    return [report.host.name, report.host["x-request-id"], worst, owner, findings.length, team, previous].join(" ");
  } catch (error) {
    if (error instanceof ReportValidationError) {
      const issues: readonly ReportIssue[] = error.issues;
      return issues.map((i) => \`\${i.path} (\${i.pointer}): \${i.message}\`).join("\\n");
    }
    if (error instanceof ReportSyntaxError) return \`\${error.line}:\${error.column} \${error.reason}\`;
    throw error;
  }
}

export function failing(value: unknown): number {
  if (isDiskUsageReport(value)) return value.summary.failing;
  assertDiskUsageReport(value);
  return value.summary.volumes;
}

export const runIdOf = (value: unknown): string | string[] =>
  validate(value) ? value.runId : (validate.errors ?? []).map((e: ValidatorError) => e.instancePath);

export const daysLeft = (text: string): number[] =>
  parseCertExpiryReport(text).certificates.map((c) => c.daysLeft);

export const checks = [
  same<Equal<DiskUsageReport["schemaVersion"], "1.0">>(),
  same<Equal<Volume["filesystem"], "ext4" | "xfs" | "btrfs" | "zfs" | "tmpfs" | null>>(),
  same<Equal<Volume["inodesUsedPercent"], number | null>>(),
  same<Equal<Finding["suggestedAction"], "none" | "clean-logs" | "expand-volume" | "page-owner" | null>>(),
  same<Equal<CertExpiryReport["notes"], string | null>>(),
  same<Equal<DiskUsageReport["labels"][string], string | undefined>>(),
];

// @ts-expect-error: closed objects (additionalProperties: false) take no other property.
export const extra: DiskUsageReport["summary"] = { volumes: 1, failing: 0, headline: "", extra: 1 };
// @ts-expect-error: enums are unions of their values.
export const status: DiskUsageReport["status"] = "fine";
// @ts-expect-error: every property is required.
export const partial: CertExpiryReport = { generatedAt: "2026-01-01T00:00:00Z", certificates: [] };
`,
    );
    const run = spawnSync(TSC, ["-p", join(p.dir, "tsconfig.json")], { encoding: "utf8" });
    expect(`${run.stdout}${run.stderr}`).toBe("");
    expect(run.status).toBe(0);
  });

  it("fail to compile when a consumer misuses them (the check above has teeth)", () => {
    writeFileSync(
      join(p.dir, "misuse.mts"),
      `import { parseDiskUsageReport } from "./schemas/generated/disk-usage-report.js";
export const n: number = parseDiskUsageReport("{}").host.name;
`,
    );
    writeFileSync(
      join(p.dir, "tsconfig.misuse.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", noEmit: true, types: [] },
        files: ["misuse.mts"],
      }),
    );
    const run = spawnSync(TSC, ["-p", join(p.dir, "tsconfig.misuse.json")], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("TS2322");
  });
});
