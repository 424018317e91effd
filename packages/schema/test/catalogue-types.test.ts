/**
 * The committed types and validators of the catalogue's report schemas (schemas/generated/,
 * guarded by `ops-skill types --check` in `npm test`): the root `tsc --strict` run type-checks
 * this file against the generated declarations, and the validators accept every example report
 * and reject broken ones with every violation listed.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CertReport, parseCertReport } from "../../../schemas/generated/cert-report.js";
import { type CostAnomaly, parseCostAnomaly } from "../../../schemas/generated/cost-anomaly.js";
import {
  type DriftReport,
  parseDriftReport,
  ReportValidationError,
} from "../../../schemas/generated/drift-report.js";
import {
  type EndpointCheck,
  parseEndpointCheck,
} from "../../../schemas/generated/endpoint-check.js";
import { type K8SHealth, parseK8SHealth } from "../../../schemas/generated/k8s-health.js";
import { parseVulnReport, type VulnReport } from "../../../schemas/generated/vuln-report.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const example = (skill: string) =>
  readFileSync(join(repo, "skills", skill, "tests", "example-report.json"), "utf8");

describe("generated report types and validators", () => {
  it("parse every example report of the catalogue into its typed report", () => {
    const drift: DriftReport = parseDriftReport(example("drift-check"));
    const cert: CertReport = parseCertReport(example("cert-check"));
    const k8s: K8SHealth = parseK8SHealth(example("k8s-health"));
    const vuln: VulnReport = parseVulnReport(example("vuln-audit"));
    const endpoint: EndpointCheck = parseEndpointCheck(example("endpoint-check"));
    const cost: CostAnomaly = parseCostAnomaly(example("cost-anomaly"));
    for (const report of [drift, cert, k8s, vuln, endpoint, cost])
      expect(["ok", "warning", "critical", "error"]).toContain(report.status);
    expect(drift.terraform.result).toMatch(/^(no_drift|drift|error|skipped)$/);
  });

  it("reject a broken report with every violation and its path", () => {
    const broken = JSON.parse(example("drift-check")) as Record<string, unknown>;
    broken.status = "fine";
    delete broken.summary;
    broken.extra = true;
    let error: unknown;
    try {
      parseDriftReport(JSON.stringify(broken));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReportValidationError);
    const message = (error as Error).message;
    expect(message).toContain("$.status: must be one of");
    expect(message).toContain("$.summary: is required but missing");
    expect(message).toContain("$.extra: is not allowed");
  });
});
