import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commandNeeds, skillNeeds } from "./needs.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "sandbox");

const need = (program: string, args: string[], writes: string[] = []) =>
  commandNeeds({ program, args, writes });

describe("commandNeeds", () => {
  it("tells proxy-aware HTTP(S) clients from raw TCP/UDP tools, and offline sub-commands", () => {
    expect(need("kubectl", ["--context", "prod", "get", "pods"])).toMatchObject({
      display: "kubectl get",
      network: "http",
      unnamedHosts: true,
    });
    expect(need("kubectl", ["config", "current-context"]).network).toBe("none");
    expect(need("terraform", ["-chdir=infra", "plan", "-lock=false"]).display).toBe(
      "terraform plan",
    );
    expect(need("openssl", ["s_client", "-connect", "db.example.com:5432"])).toMatchObject({
      network: "raw",
      hosts: ["db.example.com"],
    });
    expect(need("openssl", ["x509", "-noout", "-enddate"]).network).toBe("none");
    expect(need("dig", ["+short", "@1.1.1.1", "example.com"]).hosts).toEqual(["1.1.1.1"]);
    expect(need("curl", ["--noproxy", "*", "http://127.0.0.1:8080/"]).network).toBe("raw");
    expect(need("syft", ["registry:ghcr.io/acme/api:1.2"]).hosts).toEqual(["ghcr.io"]);
    expect(need("jq", [".status"]).network).toBe("none");
    expect(need("aws", ["ce", "get-cost-and-usage"]).hosts).toEqual(["ce.us-east-1.amazonaws.com"]);
    expect(need("aws", ["ec2", "describe-instances"]).unnamedHosts).toBe(true);
  });

  it("names hosts it can, and not placeholders or expansions", () => {
    expect(need("openssl", ["s_client", "-connect", "HOST:443"]).hosts).toEqual([]);
    expect(need("curl", ["https://$HOST/health"]).hosts).toEqual([]);
    expect(need("ssh", ["-p", "2222", "ops@bastion.example.com", "uptime"]).hosts).toEqual([
      "bastion.example.com",
    ]);
  });

  it("reads what a command writes", () => {
    expect(need("curl", ["-o", "out.json", "https://x.example.com/"]).writes).toEqual([
      { path: "out.json", kind: "file", how: "curl -o" },
    ]);
    expect(need("echo", ["x"], ["report.txt", "/dev/null"]).writes).toEqual([
      { path: "report.txt", kind: "file", how: "> report.txt" },
    ]);
    expect(need("kubectl", ["diff", "-f", "k8s"]).writes).toEqual([
      expect.objectContaining({ path: "$TMPDIR", kind: "temp" }),
    ]);
    expect(need("mktemp", ["-d"]).writes[0]?.kind).toBe("temp");
    expect(need("tee", ["-a", "/var/log/x.log"]).writes[0]?.path).toBe("/var/log/x.log");
  });
});

describe("skillNeeds", () => {
  it("reads the SKILL.md, the helpers it runs and the recorded calls, not forbidden commands", async () => {
    const dir = join(fixtures, "needs-skill");
    const { needs, unread } = await skillNeeds(dir);
    expect(unread).toEqual([]);
    const summary = needs.map((n) => [
      n.display,
      n.network,
      n.hosts,
      n.writes.map((w) => w.path),
      n.from,
      n.location.line,
    ]);
    expect(summary).toEqual([
      ["openssl s_client", "raw", ["db.example.com"], [], "skill", 13],
      ["dig", "raw", ["1.1.1.1"], [], "skill", 14],
      ["kubectl diff", "http", [], ["$TMPDIR"], "script", 3],
      ["tee", "none", [], ["/var/log/probe.log"], "script", 4],
      ["curl", "http", ["status.example.com"], ["page.html"], "skill", 21],
      ["curl", "http", ["api.example.net"], [], "recording", 1],
      ["nc", "raw", ["cache.internal"], [], "recording", 2],
    ]);
    expect(needs[2]?.location.file).toBe(join(dir, "scripts", "probe.sh"));
  });
});
