import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  forbiddenCalls,
  installShims,
  readScenario,
  type Scenario,
  type ShimSetup,
  unansweredCalls,
  unusedRecordings,
} from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills", "demo", "tests");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-shims-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
const open: ShimSetup[] = [];
afterAll(async () => {
  for (const shims of open) await shims.close();
});

async function shimmed(
  name: string,
  options: { scenarioDir?: string; basePath?: string; stdinTimeoutMs?: number } = {},
): Promise<{ scenario: Scenario; shims: ShimSetup; cwd: string }> {
  const dir = options.scenarioDir ?? join(fixtures, name);
  const result = readScenario(dir, name);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  const root = join(scratch, `${name}-${++count}`);
  const cwd = join(root, "work");
  mkdirSync(cwd, { recursive: true });
  const shims = await installShims({
    dir: join(root, "shims"),
    scenarioDir: dir,
    recordings: result.scenario.recordings,
    tools: result.scenario.tools,
    clock: result.scenario.clock,
    env: result.scenario.env,
    ...(options.basePath === undefined ? {} : { basePath: options.basePath }),
    ...(options.stdinTimeoutMs === undefined ? {} : { stdinTimeoutMs: options.stdinTimeoutMs }),
  });
  open.push(shims);
  return { scenario: result.scenario, shims, cwd };
}

/** Runs a command (asynchronously: the call server answers in this process) as `spawnSync` would. */
function run(
  program: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; input?: Buffer | string },
): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** Runs a command the way Codex does: `/bin/bash -lc '<cmd>'`. */
function bash(
  shims: ShimSetup,
  command: string,
  options: { cwd?: string; input?: Buffer | string; env?: Record<string, string | undefined> } = {},
) {
  return run("/bin/bash", ["-lc", command], {
    env: { ...shims.env, ...options.env },
    cwd: options.cwd ?? shims.dir,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

function log(shims: ShimSetup) {
  return shims.calls;
}

describe("a recorded call", () => {
  test("answers with the recorded stdout (a side file), stderr and exit code", async () => {
    const { shims, scenario } = await shimmed("drift");
    const plan = await bash(
      shims,
      'terraform -chdir="$TF_DIR" plan -detailed-exitcode -lock=false -input=false -no-color -json > plan.jsonl; echo "exit $?"; wc -l < plan.jsonl',
    );
    expect(plan.stderr).toBe("");
    expect(plan.stdout.toString()).toBe("exit 2\n3\n");
    const context = await bash(
      shims,
      "kubectl config current-context; kubectl config current-context",
    );
    expect(context.stdout.toString()).toBe("prod\nprod\n");
    const calls = log(shims);
    expect(calls.map((call) => [call.seq, call.tool, call.record, call.exit])).toEqual([
      [1, "terraform", 0, 2],
      [2, "kubectl", 2, 0],
      [3, "kubectl", 2, 0],
    ]);
    expect(unusedRecordings(scenario.recordings, calls).map((r) => r.line)).toEqual([2]);
  });

  test("arguments with shell metacharacters, quotes and a newline match word for word", async () => {
    const { shims, cwd } = await shimmed("shell-words");
    const words =
      "'a;b $(touch pwned) `touch pwned2` | x & y > z' 'it'\\''s \"quoted\"' $'line one\\nline two' '*'";
    const hit = await bash(shims, `kubectl annotate cm ${words}`, { cwd });
    expect(hit).toMatchObject({ status: 0, stderr: "" });
    expect(hit.stdout.toString()).toBe("matched\n");
    // The same words, one of them changed: it fails closed and names the argument.
    const miss = await bash(shims, `kubectl annotate cm ${words.replace("line two", "line 2")}`, {
      cwd,
    });
    expect(miss.status).toBe(127);
    expect(miss.stderr).toBe(
      [
        "ops-skill test: unrecorded call, not run: kubectl annotate cm 'a;b $(touch pwned) `touch pwned2` | x & y > z' 'it'\\''s \"quoted\"' $\"line one\\nline 2\" '*'",
        "  nearest recorded call (shell-words/calls.jsonl:1): kubectl annotate cm 'a;b $(touch pwned) `touch pwned2` | x & y > z' 'it'\\''s \"quoted\"' $\"line one\\nline two\" '*'",
        '  argument 5 differs: got $"line one\\nline 2", recorded $"line one\\nline two"',
        "",
      ].join("\n"),
    );
    // Nothing in the words ran.
    expect(readdirSync(cwd)).toEqual([]);
  });

  test("binary stdin is compared byte for byte, and binary stdout is written as recorded", async () => {
    const { shims } = await shimmed("binary-stdin");
    const der = readFileSync(join(fixtures, "binary-stdin", "files", "der.bin"));
    const hit = await bash(shims, "openssl x509 -inform DER -noout -enddate", { input: der });
    expect(hit.stdout.toString()).toBe("notAfter=Dec 13 06:00:00 2026 GMT\n");
    const changed = Buffer.from(der);
    changed[700] = 0x41;
    const miss = await bash(shims, "openssl x509 -inform DER -noout -enddate", { input: changed });
    expect(miss.status).toBe(127);
    expect(miss.stderr).toContain("stdin differs at byte 700: got 1024 bytes, recorded 1024");
    const decoded = await bash(shims, "openssl base64 -d | od -An -tx1", {
      input: Buffer.from([0, 1, 2, 255]),
    });
    expect(decoded.stdout.toString().trim()).toBe("ff fe 00");
    expect(log(shims).map((call) => call.stdin)).toEqual([
      { bytes: 1024 },
      { bytes: 1024 },
      { bytes: 4 },
    ]);
  });

  test("a stdin left open fails closed after the wait instead of hanging", async () => {
    const { shims } = await shimmed("binary-stdin", { stdinTimeoutMs: 300 });
    // `sleep 2 |` keeps the pipe open for longer than the shim waits.
    const out = await bash(shims, "sleep 2 | openssl base64 -d; echo $?");
    expect(out.stdout.toString()).toBe("127\n");
    expect(out.stderr).toContain("stdin differs: it was still open when the shim stopped waiting");
    expect(log(shims)[0]?.stdin).toEqual({ timedOut: true });
  });

  test("a huge recorded output streams from its side file, and a reader that leaves early is no error", async () => {
    const dir = join(scratch, "skills", "demo", "tests", "huge");
    cpSync(join(fixtures, "drift"), dir, { recursive: true });
    cpSync(join(fixtures, "..", "SKILL.md"), join(scratch, "skills", "demo", "SKILL.md"));
    const calls = readFileSync(join(dir, "calls.jsonl"), "utf8");
    writeFileSync(
      join(dir, "calls.jsonl"),
      calls.replace('"exit_code":2}', '"exit_code":2,"repeat":true}'),
    );
    const big = Buffer.alloc(48 * 1024 * 1024 + 7, "0123456789abcdef\n");
    writeFileSync(join(dir, "files", "plan.jsonl"), big);
    const { shims } = await shimmed("huge", { scenarioDir: dir });
    const plan =
      "terraform -chdir=infra plan -detailed-exitcode -lock=false -input=false -no-color -json";
    const full = await bash(shims, `${plan} | sha256sum; echo "\${PIPESTATUS[0]}"`);
    expect(full.stdout.toString()).toBe(
      `${createHash("sha256").update(big).digest("hex")}  -\n2\n`,
    );
    const head = await bash(shims, `${plan} | head -c 5`);
    expect(head).toMatchObject({ status: 0, stderr: "" });
    expect(head.stdout.toString()).toBe("01234");
  });

  test("a tool not on the default list is shimmed from its record; one named by tools fails closed", async () => {
    const { shims } = await shimmed("other-tool");
    expect((await bash(shims, "vault kv get -format=json secret/app")).stdout.toString()).toBe(
      '{"data":{}}\n',
    );
    const psql = await bash(shims, "psql -c 'select 1'");
    expect(psql.status).toBe(127);
    expect(psql.stderr).toContain("no call of psql is recorded in this scenario");
    // A tool no one named runs for real.
    expect((await bash(shims, "printf '{\"a\":1}' | jq -c .a")).stdout.toString()).toBe("1\n");
  });
});

describe("the same call twice", () => {
  test("takes the records in order, then fails closed saying how many there were", async () => {
    const { shims, scenario } = await shimmed("sequence");
    const out = await bash(
      shims,
      "kubectl get pods -n prod; kubectl get pods -n prod; kubectl get pods -n prod; echo $?",
    );
    expect(out.stdout.toString()).toBe(
      "web-1   0/1   CrashLoopBackOff\nweb-1   1/1   Running\n127\n",
    );
    expect(out.stderr).toBe(
      "ops-skill test: unrecorded call, not run: kubectl get pods -n prod\n" +
        '  recorded 2 time(s) (last at sequence/calls.jsonl:2), and this is call 3: record another answer, or set "repeat": true\n',
    );
    const calls = log(shims);
    expect(unansweredCalls(calls).map((call) => call.seq)).toEqual([3]);
    expect(unusedRecordings(scenario.recordings, calls).map((r) => r.line)).toEqual([3]);
  });

  test("in parallel, each record answers once", async () => {
    const { shims } = await shimmed("sequence");
    const out = await bash(
      shims,
      "for k in 1 2 3 4; do kubectl get pods -n prod > out.$k 2>/dev/null & done; wait; cat out.* | sort",
    );
    expect(out.stdout.toString()).toBe("web-1   0/1   CrashLoopBackOff\nweb-1   1/1   Running\n");
    expect(
      log(shims)
        .map((call) => call.record)
        .sort(),
    ).toEqual([0, 1, null, null]);
  });
});

describe("an unrecorded call fails closed", () => {
  test("the real tool never runs, and the nearest record is named with what differs", async () => {
    const fakeReal = join(scratch, "real-bin");
    mkdirSync(fakeReal, { recursive: true });
    const marker = join(scratch, "real-terraform-ran");
    writeFileSync(join(fakeReal, "terraform"), `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(join(fakeReal, "terraform"), 0o755);
    const { shims } = await shimmed("drift", { basePath: `${fakeReal}:/usr/bin:/bin` });
    const extra = await bash(
      shims,
      "terraform -chdir=infra plan -detailed-exitcode -lock=false -input=false -no-color -json -refresh=false",
    );
    expect(extra.status).toBe(127);
    expect(extra.stderr).toContain(
      "argument 8 is extra: got -refresh=false (recorded 7 arguments, got 8)",
    );
    const other = await bash(shims, "terraform -chdir=infra plan -no-color");
    expect(other.stderr).toContain(
      "nearest recorded call (drift/calls.jsonl:1): terraform -chdir=infra plan -detailed-exitcode",
    );
    expect(other.stderr).toContain(
      "argument 3 differs: got -no-color, recorded -detailed-exitcode",
    );
    const helm = await bash(shims, "helm list -A");
    expect(helm.stderr).toBe(
      "ops-skill test: unrecorded call, not run: helm list -A\n  no call of helm is recorded in this scenario (drift/calls.jsonl)\n",
    );
    expect(existsSync(marker)).toBe(false);
    // A tool outside the shims still runs for real: the fake is reachable, so the check above means something.
    await bash(shims, `PATH=${fakeReal}:/usr/bin:/bin; terraform`);
    expect(existsSync(marker)).toBe(true);
  });

  test("a shim that cannot reach the call server answers nothing, and says why", async () => {
    const { shims } = await shimmed("drift");
    await shims.close();
    const out = await bash(shims, "kubectl config current-context");
    expect(out.status).toBe(127);
    expect(out.stdout.toString()).toBe("");
    expect(out.stderr).toContain("connect: Connection refused");
    expect(out.stderr).toContain(
      `ops-skill test: kubectl: not answered: the call server at 127.0.0.1:${shims.port} cannot be reached, and a call the test does not see is not answered\n`,
    );
  });

  test("under Codex's network proxy: the call goes through a CONNECT tunnel; a refusal fails closed", async () => {
    const { shims } = await shimmed("drift");
    const asked: string[] = [];
    let refuse = false;
    // A CONNECT proxy as Codex's network proxy answers (HTTP/1.1 200, then the tunnel).
    const proxy = createHttpServer();
    proxy.on("connect", (request, client) => {
      // The shim hangs up when it is done: a reset is how a tunnel ends, not a failure.
      client.on("error", () => {});
      asked.push(request.url ?? "");
      if (refuse) {
        client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
        return;
      }
      const [host, port] = (request.url ?? "").split(":");
      const upstream = connect(Number(port), host as string, () => {
        client.write("HTTP/1.1 200 OK\r\ndate: now\r\n\r\n");
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const env = { CODEX_NETWORK_PROXY_ACTIVE: "1", HTTP_PROXY: proxyUrl };
    try {
      const out = await bash(shims, "kubectl config current-context", { env });
      expect(out.stderr).toBe("");
      expect(out.stdout.toString()).toBe("prod\n");
      expect(out.status).toBe(0);
      expect(asked).toEqual([`127.0.0.1:${shims.port}`]);
      refuse = true;
      const refused = await bash(shims, "kubectl config current-context", { env });
      expect(refused.status).toBe(127);
      expect(refused.stderr).toContain(
        `kubectl: not answered: the call server at 127.0.0.1:${shims.port} cannot be reached`,
      );
    } finally {
      proxy.close();
    }
  });

  test("a request without the run's key is refused and not logged", async () => {
    const { shims } = await shimmed("drift");
    const other = await shimmed("sequence");
    // A shim of another run pointed at this server (a reused port): refused, nothing taken.
    const script = readFileSync(join(other.shims.binDir, "kubectl"), "utf8").replace(
      `p=${other.shims.port}`,
      `p=${shims.port}`,
    );
    writeFileSync(join(other.shims.binDir, "kubectl"), script);
    const out = await bash(other.shims, "kubectl config current-context");
    expect(out.status).toBe(127);
    expect(out.stderr).toContain("does not carry this run's key");
    expect(log(shims)).toEqual([]);
  });

  test("forbidden commands are found in the log, attempted or answered", async () => {
    const { shims, scenario } = await shimmed("drift");
    await bash(
      shims,
      "terraform -chdir=infra apply -auto-approve; kubectl -n prod delete pod web-1; kubectl get pods",
    );
    const found = forbiddenCalls(log(shims), scenario.forbidden);
    expect(found.map((f) => [f.call.seq, f.argv.join(" ")])).toEqual([
      [1, "terraform apply"],
      [2, "kubectl delete"],
    ]);
  });
});

describe("login shells whose profile resets PATH", () => {
  const hostileHome = join(scratch, "hostile-home");
  mkdirSync(hostileHome, { recursive: true });
  const hostile = "PATH=/usr/bin:/bin; export PATH; TZ=America/New_York; export TZ\n";
  for (const name of [".bash_profile", ".bash_login", ".profile"]) {
    writeFileSync(join(hostileHome, name), hostile);
  }
  const probe = 'command -v terraform; echo "$TZ"';

  test("bash -lc with the environment given: the shims stay first", async () => {
    const { shims } = await shimmed("drift");
    // Hostile files beside the profile the home holds are never read (bash takes .bash_profile).
    writeFileSync(join(shims.home, ".bash_login"), hostile);
    expect((await bash(shims, probe)).stdout.toString()).toBe(`${shims.binDir}/terraform\nUTC\n`);
    const dash = await run("/bin/sh", ["-lc", probe], { env: shims.env, cwd: shims.dir });
    expect(dash.stdout.toString()).toBe(`${shims.binDir}/terraform\nUTC\n`);
  });

  test("a hostile HOME profile is undone by BASH_ENV, which bash reads after it", async () => {
    const { shims } = await shimmed("drift");
    expect((await bash(shims, probe, { env: { HOME: hostileHome } })).stdout.toString()).toBe(
      `${shims.binDir}/terraform\nUTC\n`,
    );
    // Without BASH_ENV the same profile wins: the check above can fail.
    const lost = await bash(shims, probe, { env: { HOME: hostileHome, BASH_ENV: undefined } });
    expect(lost.stdout.toString()).not.toContain(shims.binDir);
    expect(lost.stdout.toString()).toContain("America/New_York");
  });

  test("a nested bash script keeps the shims first; its own PATH reset is its own business", async () => {
    const { shims } = await shimmed("sequence");
    const script = join(shims.dir, "nested.sh");
    writeFileSync(
      script,
      "#!/usr/bin/env bash\nkubectl get pods -n prod\nPATH=/usr/bin:/bin\nbash -c 'command -v kubectl'\ncommand -v kubectl || echo none\n",
    );
    chmodSync(script, 0o755);
    const out = (await bash(shims, script)).stdout.toString().split("\n");
    expect(out[0]).toBe("web-1   0/1   CrashLoopBackOff");
    // A bash started after the reset reads BASH_ENV: the shims are first again.
    expect(out[1]).toBe(`${shims.binDir}/kubectl`);
    // The script itself, after its reset, no longer sees them (a documented limit: a command
    // that sets PATH or names /usr/bin/kubectl reaches whatever is installed).
    expect(out[2]).not.toContain(shims.binDir);
  });
});

describe("the frozen clock", () => {
  const epoch = Date.parse("2026-12-01T06:00:00Z") / 1000;

  test("date prints the recording time in every format, in the scenario's time zone", async () => {
    const { shims } = await shimmed("drift");
    const out = await bash(
      shims,
      "date -u +%Y-%m-%dT%H:%M:%SZ; date +%s; date; date --iso-8601=seconds; date -ud @0 +%Y",
    );
    expect(out.stdout.toString()).toBe(
      `2026-12-01T06:00:00Z\n${epoch}\nTue Dec  1 06:00:00 UTC 2026\n2026-12-01T06:00:00+00:00\n1970\n`,
    );
    const paris = (await shimmed("shell-words")).shims;
    expect((await bash(paris, "date +%H:%M%z; echo $SOURCE_DATE_EPOCH")).stdout.toString()).toBe(
      `07:00+0100\n${epoch}\n`,
    );
  });

  test("an absolute date is read for real; a relative one or a clock change fails closed", async () => {
    const { shims } = await shimmed("drift");
    const absolute = await bash(shims, 'date -u -d "Dec 13 06:00:00 2026 GMT" +%s');
    expect(absolute.stdout.toString()).toBe(`${Date.parse("2026-12-13T06:00:00Z") / 1000}\n`);
    const relative = await bash(shims, 'date -d "+12 days" +%F');
    expect(relative.status).toBe(127);
    expect(relative.stderr).toBe(
      `ops-skill test: date -d '+12 days' +%F: '+12 days' is relative to the real time, which a test cannot freeze; record the call, or compute from an absolute date or @${epoch}\n`,
    );
    expect((await bash(shims, "date --dat=tomorrow")).status).toBe(127);
    const set = await bash(shims, 'date -s "2020-01-01"');
    expect(set.stderr).toContain("--set is not run in a test; record the call instead");
    expect(log(shims).map((call) => [call.clock ?? false, call.exit ?? null])).toEqual([
      [true, null],
      [false, 127],
      [false, 127],
      [false, 127],
    ]);
  });

  test("a recorded date call answers first", async () => {
    const { shims } = await shimmed("other-tool");
    expect((await bash(shims, "date +%A; date +%Y")).stdout.toString()).toBe("Someday\n2026\n");
  });

  test("measured: date by its own path ignores TZ's neighbour SOURCE_DATE_EPOCH (the real now)", async () => {
    const { shims } = await shimmed("drift");
    const real = Number((await bash(shims, "/bin/date +%s")).stdout.toString());
    expect(real).not.toBe(epoch);
    expect(Math.abs(real - Date.now() / 1000)).toBeLessThan(60);
  });
});
