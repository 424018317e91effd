#!/usr/bin/env node
/**
 * Generates realistic `codex exec --output-schema` report schemas for benchmarks:
 * `DIR/<name>.schema.json`, each with 20-200 properties (counting every key of every
 * `properties` object, `$defs` included), nested objects, arrays of objects, enums, nullable
 * fields (`type: [T, "null"]` and `anyOf: [..., {type: "null"}]`), `date-time`/`uuid`/`email`
 * formats, and shared definitions reached through `$ref`. Two schemas in three are draft
 * 2020-12 with `$defs`, the others draft-07 with `definitions`. Every object is closed
 * (`additionalProperties: false`) and lists all its properties as required, as the strict
 * mode of structured outputs wants.
 *
 * Deterministic: the same seed gives the same files byte for byte, and schema i does not
 * depend on how many schemas are generated.
 *
 *   node bench/generate-schemas.mjs N DIR [--seed SEED]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { prng } from "./_shared.mjs";

export const DEFAULT_SEED = "ops-skill-schemas";
export const MIN_PROPERTIES = 20;
export const MAX_PROPERTIES = 200;

/** Each kind of report: its title, what it lists, and the words its fields are made of. */
const FLAVOURS = {
  "disk-usage": {
    title: "Disk usage report",
    item: "volume",
    nouns: ["mount", "device", "filesystem", "inode", "quota", "snapshot", "partition", "node"],
    states: ["ok", "warning", "critical", "unknown"],
  },
  "cert-expiry": {
    title: "Certificate expiry report",
    item: "certificate",
    nouns: ["issuer", "subject", "domain", "chain", "secret", "ingress", "keystore", "renewal"],
    states: ["valid", "expiring", "expired", "revoked", "unreadable"],
  },
  "k8s-health": {
    title: "Kubernetes workload health report",
    item: "workload",
    nouns: ["pod", "deployment", "replica", "container", "restart", "probe", "namespace", "node"],
    states: ["healthy", "degraded", "crashlooping", "pending", "unknown"],
  },
  "cost-anomaly": {
    title: "Cloud cost anomaly report",
    item: "anomaly",
    nouns: ["account", "service", "budget", "forecast", "invoice", "region", "tag", "sku"],
    states: ["expected", "elevated", "spike", "unexplained"],
  },
  "backup-verify": {
    title: "Backup verification report",
    item: "backup",
    nouns: ["vault", "snapshot", "restore", "retention", "checksum", "job", "archive", "policy"],
    states: ["verified", "stale", "failed", "missing"],
  },
  "slo-burn": {
    title: "SLO burn-rate report",
    item: "objective",
    nouns: ["window", "budget", "alert", "latency", "availability", "error", "target", "burn"],
    states: ["within-budget", "burning", "exhausted", "no-data"],
  },
  "patch-level": {
    title: "Patch level report",
    item: "host",
    nouns: ["package", "kernel", "advisory", "image", "reboot", "cve", "baseline", "agent"],
    states: ["current", "behind", "vulnerable", "unsupported"],
  },
  "drift-check": {
    title: "Infrastructure drift report",
    item: "resource",
    nouns: ["module", "state", "plan", "attribute", "stack", "workspace", "provider", "change"],
    states: ["in-sync", "drifted", "missing", "unmanaged"],
  },
};
const FLAVOUR_NAMES = Object.keys(FLAVOURS);

const QUALIFIERS = [
  "current",
  "previous",
  "total",
  "max",
  "min",
  "average",
  "last",
  "first",
  "observed",
  "expected",
  "primary",
  "secondary",
  "reported",
  "measured",
  "configured",
];
const SUFFIXES = [
  "Id",
  "Name",
  "Count",
  "Percent",
  "Seconds",
  "Bytes",
  "Status",
  "Reason",
  "Owner",
  "Url",
  "Version",
  "Region",
  "Score",
  "At",
  "Notes",
];
const ENVIRONMENTS = ["production", "staging", "development", "dr", "sandbox"];
const SEVERITIES = ["info", "low", "medium", "high", "critical"];
const ACTIONS = ["none", "monitor", "ticket", "page", "rollback", "escalate"];

const camel = (words) =>
  words
    .map((w, i) =>
      w
        .split("-")
        .map((part, j) => (i === 0 && j === 0 ? part : part[0].toUpperCase() + part.slice(1)))
        .join(""),
    )
    .join("");

/** A closed object with every property required. */
function object(properties, description) {
  return {
    type: "object",
    ...(description ? { description } : {}),
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  };
}

/** One schema: `{ name, draft, propertyCount, schema }`. */
export function generateSchema(seed, index) {
  const r = prng(`${seed}:${index}`);
  const flavourName = FLAVOUR_NAMES[index % FLAVOUR_NAMES.length];
  const flavour = FLAVOURS[flavourName];
  const modern = index % 3 !== 2;
  const defsKey = modern ? "$defs" : "definitions";
  const name = `${flavourName}-report-${String(index).padStart(3, "0")}`;
  const target = r.int(MIN_PROPERTIES, MAX_PROPERTIES);
  let count = 0;
  const defs = {};
  const left = () => target - count;

  /** A fresh property name for `taken`. */
  const propertyName = (taken) => {
    for (let attempt = 0; ; attempt++) {
      const candidate =
        attempt < 20
          ? camel([r.pick(QUALIFIERS), r.pick(flavour.nouns), r.pick(SUFFIXES)])
          : `${camel([r.pick(flavour.nouns), r.pick(SUFFIXES)])}${attempt}`;
      if (!(candidate in taken)) return candidate;
    }
  };

  /** A leaf: string, number, enum, format, nullable or not. */
  const leaf = (propName) => {
    const nullable = r.chance(0.25);
    const kind = r.int(0, 9);
    let schema;
    if (propName.endsWith("At")) schema = { type: "string", format: "date-time" };
    else if (propName.endsWith("Count") || propName.endsWith("Bytes"))
      schema = { type: "integer", minimum: 0 };
    else if (propName.endsWith("Percent") || propName.endsWith("Score"))
      schema = { type: "number", minimum: 0, maximum: 100 };
    else if (propName.endsWith("Seconds")) schema = { type: "number", minimum: 0 };
    else if (propName.endsWith("Status"))
      schema = { type: "string", enum: r.sample(flavour.states, r.int(3, flavour.states.length)) };
    else if (propName.endsWith("Id") && kind < 4) schema = { type: "string", format: "uuid" };
    else if (propName.endsWith("Owner") && kind < 5) schema = { type: "string", format: "email" };
    else if (kind === 0) schema = { type: "boolean" };
    else if (kind === 1) schema = { type: "string", enum: r.sample(SEVERITIES, r.int(2, 5)) };
    else if (kind === 2) schema = { type: "array", items: { type: "string", minLength: 1 } };
    else schema = { type: "string", ...(r.chance(0.3) ? { maxLength: r.int(64, 4096) } : {}) };
    if (r.chance(0.3))
      schema.description = `The ${propName.replace(/[A-Z]/g, " $&").toLowerCase()}.`;
    if (!nullable || schema.type === "array") return schema;
    if (schema.enum) return { anyOf: [schema, { type: "null" }] };
    return { ...schema, type: [schema.type, "null"] };
  };

  /** An object of up to `size` properties, nesting down to `depth`. */
  const objectOf = (size, depth, description) => {
    const properties = {};
    const want = Math.max(1, Math.min(size, left()));
    for (let i = 0; i < want && left() > 0; i++) {
      const key = propertyName(properties);
      count++;
      const defNames = Object.keys(defs);
      const roll = r.next();
      if (depth > 0 && roll < 0.12 && left() > 3) {
        properties[key] = objectOf(r.int(2, 6), depth - 1, `Details of the ${key}.`);
        if (r.chance(0.2)) properties[key] = { anyOf: [properties[key], { type: "null" }] };
      } else if (depth > 0 && roll < 0.2 && left() > 3) {
        properties[key] = {
          type: "array",
          items: objectOf(r.int(2, 5), depth - 1),
          ...(r.chance(0.3) ? { maxItems: r.int(10, 500) } : {}),
        };
      } else if (defNames.length > 0 && roll < 0.28) {
        const ref = { $ref: `#/${defsKey}/${r.pick(defNames)}` };
        properties[key] = r.chance(0.3) ? { anyOf: [ref, { type: "null" }] } : ref;
      } else properties[key] = leaf(key);
    }
    return object(properties, description);
  };

  // The fixed header (built below) has 12 properties; shared definitions come first, so that
  // the report can point at them.
  count += 12;
  const itemDef = flavour.item;
  defs.severity = { type: "string", enum: SEVERITIES, description: "How bad it is." };
  defs.action = {
    type: "string",
    enum: r.sample(ACTIONS, r.int(3, ACTIONS.length)),
    description: "What the on-call engineer should do.",
  };
  defs.evidence = object(
    {
      source: { type: "string", description: "Command or API the value came from." },
      excerpt: { type: ["string", "null"], maxLength: 2000 },
      collectedAt: { type: "string", format: "date-time" },
    },
    "What a finding is based on.",
  );
  count += 3;
  defs.finding = object(
    {
      id: { type: "string", pattern: "^[A-Z]{2,8}-[0-9]{1,6}$" },
      severity: { $ref: `#/${defsKey}/severity` },
      action: { $ref: `#/${defsKey}/action` },
      message: { type: "string", minLength: 1 },
      evidence: { type: "array", items: { $ref: `#/${defsKey}/evidence` } },
    },
    "One thing the run found.",
  );
  count += 5;
  defs[itemDef] = objectOf(r.int(4, 12), 2, `One ${itemDef} the run looked at.`);
  defs[itemDef].properties.findings = { type: "array", items: { $ref: `#/${defsKey}/finding` } };
  defs[itemDef].required.push("findings");
  count++;

  const header = {
    schemaVersion: { type: "string", const: "1.0" },
    runId: { type: "string", format: "uuid" },
    generatedAt: { type: "string", format: "date-time" },
    environment: { type: "string", enum: r.sample(ENVIRONMENTS, r.int(2, ENVIRONMENTS.length)) },
    status: { type: "string", enum: flavour.states, description: "Overall verdict." },
    summary: object(
      {
        checked: { type: "integer", minimum: 0 },
        failing: { type: "integer", minimum: 0 },
        headline: { type: "string", maxLength: 280 },
        worstSeverity: { anyOf: [{ $ref: `#/${defsKey}/severity` }, { type: "null" }] },
      },
      "Counts for the dashboard.",
    ),
    [`${itemDef}s`]: { type: "array", items: { $ref: `#/${defsKey}/${itemDef}` } },
    notes: { type: ["string", "null"] },
  };
  const rest = objectOf(Math.max(1, left()), 3);
  const schema = {
    $schema: modern
      ? "https://json-schema.org/draft/2020-12/schema"
      : "http://json-schema.org/draft-07/schema#",
    ...(r.chance(0.3) ? { $id: `https://schemas.ops-skill.dev/${name}.schema.json` } : {}),
    title: flavour.title,
    description: `Report of the scheduled ${flavourName} skill (schema ${index}).`,
    type: "object",
    additionalProperties: false,
    required: [...Object.keys(header), ...rest.required],
    properties: { ...header, ...rest.properties },
    [defsKey]: defs,
  };
  return { name, draft: modern ? "2020-12" : "draft-07", propertyCount: count, schema };
}

/** Writes `count` schemas to `dir/<name>.schema.json`; returns what was generated. */
export function generateSchemas({ count, dir, seed = DEFAULT_SEED }) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (let i = 0; i < count; i++) {
    const { name, draft, propertyCount, schema } = generateSchema(seed, i);
    const file = join(dir, `${name}.schema.json`);
    writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`, "utf8");
    out.push({ name, draft, propertyCount, file });
  }
  return out;
}

function main(argv) {
  const args = [...argv];
  let seed = DEFAULT_SEED;
  const seedAt = args.indexOf("--seed");
  if (seedAt >= 0) {
    seed = args[seedAt + 1] ?? "";
    args.splice(seedAt, 2);
  }
  const [countText, dir] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 0 || !seed) {
    process.stderr.write("usage: node bench/generate-schemas.mjs N DIR [--seed SEED]\n");
    return 2;
  }
  const schemas = generateSchemas({ count, dir: resolve(dir), seed });
  const total = schemas.reduce((sum, s) => sum + s.propertyCount, 0);
  process.stdout.write(
    `generated ${schemas.length} schemas in ${dir} (${total} properties, seed ${seed})\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
