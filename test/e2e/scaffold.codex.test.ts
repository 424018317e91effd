/**
 * The way in, end to end, under the real Codex (run by `npm run test:codex`). The packed
 * packages are installed from a registry on 127.0.0.1 into a fresh project, as a new user gets
 * them; then, for every template, in a fresh git repository:
 *
 * - `npx create-ops-skill <name> --template <t> --yes` scaffolds it (a name of its own, so the
 *   renaming and the type generation are exercised too);
 * - `npx ops-skill lint` and `npx ops-skill schema check` are clean, and `npx ops-skill test`
 *   is green with the replay engine and with the real Codex;
 * - `npx ops-skill codex-home` makes the scheduled job's Codex home, and `codex exec
 *   --profile <profile>` WITHOUT `--dangerously-bypass-hook-trust`, as the generated workflow
 *   runs it: Codex lists the skill; the generated guard blocks each command the template
 *   forbids; the probe of the schedule's sandbox reaches the template's endpoints (stand-ins
 *   on 127.0.0.1: HTTP for tools that speak HTTP(S), a raw TCP connection for `openssl
 *   s_client`, `dig` and the like) and can write nowhere (the repository, /tmp, $HOME).
 *
 * A profile with a host allowlist (`features.network_proxy`) is given the stand-in's address
 * as one more allowed host, and the test shows that an unlisted address is refused.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { join } from "node:path";
import {
  assistantMessage,
  makeRunDirectory,
  parseListedSkills,
  requireCodexBinary,
  runCodexExec,
  shellCall,
  startResponsesServer,
  toolCallOutput,
} from "@ops-skill/codex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATE_INFO, TEMPLATE_NAMES } from "../../packages/create-ops-skill/src/index.js";
import {
  INSTALL_TIMEOUT,
  installPacked,
  type PackedRegistry,
  sh,
  startPackedRegistry,
} from "../packaging/installed-project.js";

const bin = requireCodexBinary();
// Outside any git worktree and outside /tmp: Codex treats both differently (see conformance/).
const scratch = makeRunDirectory("e2e-scaffold");
const project = join(scratch, "project");
let served: PackedRegistry;
let env: NodeJS.ProcessEnv;
const servers: { close(): void }[] = [];

beforeAll(async () => {
  served = await startPackedRegistry(scratch);
  const installed = await installPacked(project, "hoisted", served);
  expect(installed.install.code, installed.install.stderr).toBe(0);
  env = { ...installed.env, OPS_SKILL_CODEX_BIN: bin };
}, INSTALL_TIMEOUT + 60_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await served?.registry.close();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

/**
 * Loopback stand-ins, each answering "pong": an HTTP server and a raw TCP server on 127.0.0.1,
 * and an HTTP server on 127.0.0.2, an address no profile lists.
 */
async function standIns(): Promise<{ http: number; tcp: number; unlisted: number }> {
  const answer = () => createHttpServer((_request, response) => response.end("pong\n"));
  const listen = (
    server: ReturnType<typeof answer> | ReturnType<typeof createTcpServer>,
    host: string,
  ) => {
    servers.push(server);
    return new Promise<number>((resolve) =>
      server.listen(0, host, () => resolve((server.address() as { port: number }).port)),
    );
  };
  return {
    http: await listen(answer(), "127.0.0.1"),
    tcp: await listen(
      createTcpServer((socket) => socket.end("pong\n")),
      "127.0.0.1",
    ),
    unlisted: await listen(answer(), "127.0.0.2"),
  };
}

/** `codex exec` as the scheduled job runs it: the schedule's home and profile, the report schema. */
function scheduledExec(o: {
  repo: string;
  home: string;
  run: string;
  name: string;
  profile: string;
  serverUrl: string;
  prompt: string;
}) {
  return runCodexExec({
    bin,
    cwd: o.repo,
    codexHome: o.home,
    home: join(o.run, "home"),
    prompt: o.prompt,
    serverUrl: o.serverUrl,
    extraArgs: ["--profile", o.profile, "--output-schema", `schemas/${o.name}.schema.json`],
    skipGitRepoCheck: false,
    timeoutMs: 240_000,
  });
}

/** A bin of the installed packages (`npx --offline <bin> ...`), run in `cwd`. */
const npx = (args: string[], cwd: string) => sh("npx", ["--offline", ...args], cwd, env, 240_000);

describe.each(TEMPLATE_NAMES)(
  "the %s template, scaffolded from the packed packages",
  (template) => {
    const name = `e2e-${template}`;
    const repo = join(project, template);
    let forbidden: string[] = [];
    let profile: string;

    beforeAll(async () => {
      mkdirSync(repo, { recursive: true });
      execFileSync("git", ["init", "--quiet", repo]);
      const created = await npx(["create-ops-skill", name, "--template", template, "--yes"], repo);
      expect(created.code, created.stderr).toBe(0);
      const guardList = JSON.parse(
        readFileSync(join(repo, ".codex/hooks/forbidden.json"), "utf8"),
      ) as Record<string, string[]>;
      forbidden = guardList[name] ?? [];
      const profiles = readdirSync(join(repo, "schedule")).filter((file) =>
        file.endsWith(".config.toml"),
      );
      expect(profiles).toHaveLength(1);
      profile = (profiles[0] as string).replace(/\.config\.toml$/, "");
    }, 240_000);

    it("lints clean and its schema passes strict mode", async () => {
      const lint = await npx(["ops-skill", "lint", "--format", "json"], repo);
      const results = JSON.parse(lint.stdout) as { filePath: string; errorCount: number }[];
      expect(results.filter((result) => result.errorCount > 0)).toEqual([]);
      expect(results.some((result) => result.filePath.endsWith(`${name}/SKILL.md`))).toBe(true);
      expect(lint.code).toBe(0);
      const schema = await npx(["ops-skill", "schema", "check"], repo);
      expect(schema.code, schema.stdout).toBe(0);
    });

    it("its scenarios pass with the replay engine and with the real Codex", async () => {
      for (const engine of ["replay", "codex"]) {
        const test = await npx(["ops-skill", "test", "--engine", engine], repo);
        expect(test.code, `${engine}\n${test.stdout}\n${test.stderr}`).toBe(0);
        expect(test.stdout).toMatch(/\d+ passed/);
        expect(test.stdout).not.toMatch(/[1-9]\d* failed/);
      }
    }, 240_000);

    it("in codex exec with the schedule's home: listed, every forbidden command blocked, network yes, disk no", async () => {
      expect(forbidden.length).toBeGreaterThan(0);
      const home = join(scratch, `codex-home-${template}`);
      const made = await npx(["ops-skill", "codex-home", home, "--profile", profile], repo);
      expect(made.code, made.stderr).toBe(0);
      const ports = await standIns();
      const allowlisted = TEMPLATE_INFO[template].allowlist !== undefined;
      if (allowlisted) {
        // The stand-in's address joins the template's hosts; 127.0.0.2 stays unlisted.
        const file = join(home, `${profile}.config.toml`);
        const text = readFileSync(file, "utf8").replace(
          /(\[permissions\.[^\]]+\.network\.domains\]\n)/,
          '$1"127.0.0.1" = "allow"\n',
        );
        expect(text).toContain('"127.0.0.1" = "allow"');
        writeFileSync(file, text);
      }
      const probe = [
        `touch e2e-probe 2>/dev/null && echo cwd=written || echo cwd=refused`,
        `touch /tmp/e2e-probe-${ports.tcp} 2>/dev/null && echo tmp=written || echo tmp=refused`,
        `touch "$HOME/e2e-probe" 2>/dev/null && echo home=written || echo home=refused`,
        `echo "https=$(curl -s --max-time 10 http://127.0.0.1:${ports.http}/ || echo refused)"`,
        `(exec 3<>/dev/tcp/127.0.0.1/${ports.tcp} && read -r line <&3 && echo "tcp=$line") 2>/dev/null || echo tcp=refused`,
      ].join("; ");
      // Alone: under the proxy Codex stops the whole command that reaches an unlisted address.
      const unlisted = `curl -s --max-time 10 http://127.0.0.2:${ports.unlisted}/ && echo unlisted=reached`;
      const turns = [
        ...forbidden.map((command, k) => ({ items: [shellCall(command, `forbidden-${k}`)] })),
        { items: [shellCall(probe, "probe")] },
        { items: [shellCall(unlisted, "unlisted")] },
        { items: [assistantMessage("done")] },
      ];
      const server = await startResponsesServer({ turns });
      const run = makeRunDirectory(`e2e-exec-${template}`);
      try {
        const exec = await scheduledExec({
          repo,
          home,
          run,
          name,
          profile,
          serverUrl: server.url,
          prompt: `Run the ${name} skill.`,
        });
        expect(exec.exitCode, exec.stderr).toBe(0);
        expect(exec.stderr).not.toMatch(/Untrusted|unrecognized/i);

        // Codex lists the scaffolded skill from the repository's .agents/skills.
        const listed = parseListedSkills(server.requests[0]);
        expect(listed.map((skill) => [skill.name, skill.file])).toContainEqual([
          name,
          join(repo, ".agents/skills", name, "SKILL.md"),
        ]);

        // Each forbidden command: blocked by the guard, never run.
        const ran = exec.events
          .filter((event) => (event as { type?: string }).type === "item.completed")
          .map((event) => (event as { item?: { type?: string; command?: string } }).item)
          .filter((item) => item?.type === "command_execution")
          .map((item) => item?.command ?? "");
        expect(ran[0], exec.stderr.slice(-3000)).toContain(probe);
        expect(ran.slice(1).every((command) => command.includes(unlisted))).toBe(true);
        for (const command of forbidden) {
          expect(exec.stderr).toContain(
            `Command blocked by PreToolUse hook: the read-only guard blocks \`${command}\``,
          );
        }

        // The probe ran under the schedule's profile.
        const output = JSON.stringify(server.requests[forbidden.length + 1]);
        expect(output).toContain("cwd=refused");
        expect(output).toContain("tmp=refused");
        expect(output).toContain("home=refused");
        expect(output).toContain("https=pong");
        const unlistedOutput = toolCallOutput(server.requests, "unlisted") ?? "";
        if (allowlisted) {
          // Through the proxy only: a raw connection and an unlisted address are refused, and
          // Codex stops the command that asks for the unlisted one.
          expect(output).toContain("tcp=refused");
          expect(exec.stderr).toContain('Network access to \\"127.0.0.2\\" was blocked');
          expect(unlistedOutput).not.toContain("unlisted=reached");
        } else {
          expect(output).toContain("tcp=pong");
          expect(unlistedOutput).toContain("unlisted=reached");
        }
      } finally {
        await server.close();
        rmSync(run, { recursive: true, force: true });
      }
    }, 300_000);
  },
);

describe("a repository whose path holds a backslash", () => {
  // Node loads no ES module under such a path; the guard is CommonJS, so it runs there.
  const name = "e2e-backslash";
  const repo = join(project, "back\\slash", "repo");

  it("scaffolds; in codex exec the guard blocks, the skill's script runs, $name gives the skill", async () => {
    mkdirSync(repo, { recursive: true });
    execFileSync("git", ["init", "--quiet", repo]);
    const created = await npx(
      ["create-ops-skill", name, "--template", "drift-check", "--yes"],
      repo,
    );
    expect(created.code, created.stderr).toBe(0);
    const home = join(scratch, "codex-home-backslash");
    const made = await npx(["ops-skill", "codex-home", home, "--profile", "day-two"], repo);
    expect(made.code, made.stderr).toBe(0);
    const skillDir = `.agents/skills/${name}`;
    const validate = `${skillDir}/scripts/validate-report.sh - < ${skillDir}/tests/example-report.json; echo "validate=$?"`;
    const server = await startResponsesServer({
      turns: [
        { items: [shellCall("terraform apply -auto-approve", "forbidden")] },
        { items: [shellCall(validate, "validate")] },
        { items: [assistantMessage("done")] },
      ],
    });
    const run = makeRunDirectory("e2e-exec-backslash");
    try {
      const exec = await scheduledExec({
        repo,
        home,
        run,
        name,
        profile: "day-two",
        serverUrl: server.url,
        prompt: `$${name} Run the ${name} skill (${skillDir}/SKILL.md).`,
      });
      expect(exec.exitCode, exec.stderr).toBe(0);
      expect(exec.stderr).not.toMatch(/Untrusted|unrecognized/i);
      expect(toolCallOutput(server.requests, "forbidden")).toBe(
        `Command blocked by PreToolUse hook: the read-only guard blocks \`terraform apply\` (forbidden by ${name}): \`terraform apply -auto-approve\`. Command: terraform apply -auto-approve`,
      );
      const validated = toolCallOutput(server.requests, "validate") ?? "";
      expect(validated).toContain("valid drift-report");
      expect(validated).toContain("validate=0");
      // The mention gives the skill's text with its real path; the skills list writes the
      // backslash as "/" (a path that does not exist), which is why the prompt names the file
      // relative to the repository.
      const first = JSON.stringify(server.requests[0]);
      expect(first).toContain(
        JSON.stringify(`<path>${join(repo, skillDir, "SKILL.md")}</path>`).slice(1, -1),
      );
      expect(parseListedSkills(server.requests[0]).map((skill) => skill.file)).toContainEqual(
        join(repo.replace("\\", "/"), skillDir, "SKILL.md"),
      );
    } finally {
      await server.close();
      rmSync(run, { recursive: true, force: true });
    }
  }, 300_000);
});
