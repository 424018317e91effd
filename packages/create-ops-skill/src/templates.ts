/**
 * The templates: one per catalogue runbook, built from `skills/<name>/` by
 * `scripts/build-templates.mjs` into the package's `templates/`, and `blank`. What each
 * template's commands reach, and whether every one of its tools speaks HTTP(S) through a proxy
 * (so that a host allowlist through `features.network_proxy` can be enforced without breaking
 * it: `openssl s_client` and `dig` do not go through a proxy), is written here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATE_NAMES = [
  "drift-check",
  "cert-check",
  "k8s-health",
  "vuln-audit",
  "endpoint-check",
  "cost-anomaly",
  "blank",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const isTemplateName = (value: string): value is TemplateName =>
  (TEMPLATE_NAMES as readonly string[]).includes(value);

/** Something a template's commands reach over the network. */
export interface Endpoint {
  tool: string;
  /** The host, or a description in angle brackets when it is the user's (`<cluster API>`). */
  host: string;
  port: number;
  protocol: "https" | "tls" | "dns";
}

export interface TemplateInfo {
  /** One line for the prompt. */
  hint: string;
  /** The network tools its commands run. */
  tools: string[];
  endpoints: Endpoint[];
  /**
   * Hosts for the allowlist, when every tool goes through the proxy and the hosts are known;
   * undefined otherwise (network on, no allowlist).
   */
  allowlist: string[] | undefined;
}

const CLUSTER = "<the Kubernetes API server of the context>";
export const TEMPLATE_INFO: Record<TemplateName, TemplateInfo> = {
  "drift-check": {
    hint: "terraform plan and kubectl diff against live infrastructure",
    tools: ["terraform", "kubectl"],
    endpoints: [
      {
        tool: "terraform",
        host: "<the providers' APIs and the state backend>",
        port: 443,
        protocol: "https",
      },
      { tool: "kubectl", host: CLUSTER, port: 443, protocol: "https" },
    ],
    allowlist: undefined,
  },
  "cert-check": {
    hint: "TLS certificate expiry with openssl s_client and Kubernetes secrets",
    tools: ["openssl", "kubectl"],
    endpoints: [
      { tool: "openssl", host: "shop.example.com", port: 443, protocol: "tls" },
      { tool: "kubectl", host: CLUSTER, port: 443, protocol: "https" },
    ],
    allowlist: undefined,
  },
  "k8s-health": {
    hint: "pods, nodes and volumes of a Kubernetes cluster",
    tools: ["kubectl"],
    endpoints: [{ tool: "kubectl", host: CLUSTER, port: 443, protocol: "https" }],
    allowlist: undefined,
  },
  "vuln-audit": {
    hint: "syft SBOM and grype vulnerability scan of an image",
    tools: ["syft", "grype"],
    endpoints: [
      { tool: "syft", host: "registry.example.com", port: 443, protocol: "https" },
      { tool: "grype", host: "<grype's vulnerability database>", port: 443, protocol: "https" },
    ],
    allowlist: undefined,
  },
  "endpoint-check": {
    hint: "HTTPS status, latency, certificate and DNS of your endpoints",
    tools: ["curl", "openssl", "dig"],
    endpoints: [
      { tool: "curl", host: "www.example.com", port: 443, protocol: "https" },
      { tool: "openssl", host: "www.example.com", port: 443, protocol: "tls" },
      { tool: "dig", host: "<the resolver of /etc/resolv.conf>", port: 53, protocol: "dns" },
    ],
    allowlist: undefined,
  },
  "cost-anomaly": {
    hint: "AWS Cost Explorer daily spend against its baseline",
    tools: ["aws"],
    endpoints: [{ tool: "aws", host: "ce.us-east-1.amazonaws.com", port: 443, protocol: "https" }],
    allowlist: ["ce.us-east-1.amazonaws.com", "sts.amazonaws.com"],
  },
  blank: {
    hint: "a minimal read-only runbook: one HTTPS health check to replace with yours",
    tools: ["curl"],
    endpoints: [{ tool: "curl", host: "status.example.com", port: 443, protocol: "https" }],
    allowlist: ["status.example.com"],
  },
};

/** The package's folder (from dist/, or the bin's bundle in dist/bundle/). */
export const PACKAGE_DIR = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 3; up++) {
    dir = dirname(dir);
    if (existsSync(join(dir, "package.json"))) break;
  }
  return dir;
})();

/** The package's built templates folder. */
export const TEMPLATES_DIR = join(PACKAGE_DIR, "templates");

export interface TemplateFile {
  /** Path inside the skill folder, with `/`. */
  path: string;
  bytes: Buffer;
  mode: number;
}

export interface Template {
  name: TemplateName;
  /** The skill's name in the template's files (replaced by the new name). */
  skill: string;
  /** The schema's file name in the template (`cert-report.schema.json`). */
  schemaFile: string;
  schema: Buffer;
  files: TemplateFile[];
  guard: Buffer;
  guardMode: number;
  /** `ops-skill types`' output for the default scaffold's schema (built with the package). */
  types: Map<string, string> | undefined;
  profile: string;
}

function walk(dir: string, prefix: string, into: TemplateFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const full = join(dir, entry.name);
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) walk(full, path, into);
    else if (entry.isFile()) {
      into.push({ path, bytes: readFileSync(full), mode: statSync(full).mode & 0o777 });
    }
  }
}

/** Reads a built template; throws when the package was not built (`npm run build`). */
export function loadTemplate(name: TemplateName, dir: string = TEMPLATES_DIR): Template {
  const root = join(dir, name);
  const meta = JSON.parse(readFileSync(join(root, "template.json"), "utf8")) as {
    skill: string;
    schema: string;
  };
  const files: TemplateFile[] = [];
  walk(join(root, "skill"), "", files);
  const guardPath = join(dir, "_shared", "guard.cjs");
  let types: Map<string, string> | undefined;
  try {
    const typesDir = join(root, "types");
    types = new Map(
      readdirSync(typesDir)
        .sort()
        .map((f) => [f, readFileSync(join(typesDir, f), "utf8")]),
    );
  } catch {
    types = undefined;
  }
  return {
    name,
    skill: meta.skill,
    schemaFile: meta.schema,
    schema: readFileSync(join(root, "schema.json")),
    files,
    guard: readFileSync(guardPath),
    guardMode: statSync(guardPath).mode & 0o777,
    types,
    profile: readFileSync(join(dir, "_shared", "profile.config.toml"), "utf8"),
  };
}
