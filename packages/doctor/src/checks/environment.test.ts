import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { context, FIXTURES, run } from "../../test/checks-b.js";
import { environmentCheck } from "./environment.js";

const LINE = "exec --output-schema s.json -o report.json 'Use the kube skill.'";
const secret = (name: string, from = name) => ({ name, source: "secret" as const, secret: from });

describe("environment check: the API key", () => {
  it("works with CODEX_API_KEY from a secret", () => {
    const [key] = environmentCheck(
      run(LINE, { project: "env", env: [secret("CODEX_API_KEY", "OPENAI_API_KEY")] }),
      context("env"),
    );
    expect(key?.status).toBe("works");
    expect(key?.reason).toContain("from the secret OPENAI_API_KEY");
  });

  it("breaks with OPENAI_API_KEY alone, which codex exec does not read", () => {
    const [key] = environmentCheck(
      run(LINE, { project: "env", env: [secret("OPENAI_API_KEY")] }),
      context("env"),
    );
    expect(key?.status).toBe("breaks");
    expect(key?.reason).toContain("401");
    expect(key?.fix).toContain(`CODEX_API_KEY: \${{ secrets.OPENAI_API_KEY }}`);
  });

  it("breaks on an empty key (a guide's bare `$`) and on no key at all", () => {
    const [empty] = environmentCheck(
      run(LINE, { project: "env", env: [{ name: "CODEX_API_KEY", source: "empty" }] }),
      context("env"),
    );
    expect(empty?.status).toBe("breaks");
    expect(empty?.reason).toContain("empty string");
    const [none] = environmentCheck(run(LINE, { project: "env" }), context("env"));
    expect(none?.status).toBe("breaks");
  });

  it("works with a codex login in the run's CODEX_HOME", () => {
    const [key] = environmentCheck(
      run(LINE, { project: "env", codexHome: `${FIXTURES}/env/login-home` }),
      context("env"),
    );
    expect(key?.status).toBe("works");
    expect(key?.reason).toContain("auth.json");
  });

  it("reads the provider's env_key from the config, a profile file and -c", () => {
    const home = `${FIXTURES}/env/codex-home`;
    const [missing] = environmentCheck(
      run(LINE, { project: "env", codexHome: home, env: [secret("CODEX_API_KEY")] }),
      context("env"),
    );
    expect(missing?.status).toBe("breaks");
    expect(missing?.reason).toContain("Missing environment variable: `CORP_LLM_KEY`.");
    const [set] = environmentCheck(
      run(LINE, { project: "env", codexHome: home, env: [secret("CORP_LLM_KEY")] }),
      context("env"),
    );
    expect(set?.status).toBe("works");
    const [profile] = environmentCheck(
      run(`exec --profile nightly 'go'`, { project: "env", codexHome: home }),
      context("env"),
    );
    expect(profile?.status).toBe("works");
    expect(profile?.reason).toContain("no env_key");
    const [override] = environmentCheck(
      run(
        `exec -c model_provider=stub -c 'model_providers.stub={name="stub",base_url="http://127.0.0.1:9/v1",env_key="STUB_KEY"}' 'go'`,
        { project: "env", env: [{ name: "STUB_KEY", source: "empty" }] },
      ),
      context("env"),
    );
    expect(override?.status).toBe("breaks");
    expect(override?.title).toContain("STUB_KEY");
  });

  it("cannot tell for a script that takes the key from the shell that starts it", () => {
    const [key] = environmentCheck(run(LINE, { project: "env", kind: "script" }), context("env"));
    expect(key?.status).toBe("cannot-tell");
    const [here] = environmentCheck(
      run(LINE, { project: "env", kind: "script" }),
      context("env", {}, { CODEX_API_KEY: "x" }),
    );
    expect(here?.status).toBe("works");
  });

  it("breaks on a key written into the schedule, without printing it", () => {
    const key = `sk-proj-${"Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5pR7tV9xZ1bD3fH5".slice(0, 48)}T3BlbkFJ${"q1W2e3R4t5Y6u7I8o9P0a1S2d3F4".slice(0, 20)}`;
    const verdicts = environmentCheck(
      run(LINE, {
        project: "env",
        env: [{ name: "CODEX_API_KEY", source: "literal", value: key }],
      }),
      context("env"),
    );
    const leak = verdicts.find((v) => v.title.includes("not a secret written"));
    expect(leak?.status).toBe("breaks");
    expect(JSON.stringify(verdicts)).not.toContain(key.slice(8, 30));
  });
});

describe("environment check: cron", () => {
  const node = dirname(process.execPath);
  const cron = (env: Parameters<typeof run>[1]["env"], program?: string) =>
    environmentCheck(
      run(LINE, {
        project: "cron",
        kind: "crontab",
        env: [secret("CODEX_API_KEY"), ...(env ?? [])],
        ...(program === undefined ? {} : { program }),
      }),
      context("cron", {}, { HOME: `${FIXTURES}/cron/home-empty`, PATH: `${FIXTURES}/cron/bin` }),
    );
  const titled = (verdicts: ReturnType<typeof cron>, word: string) =>
    verdicts.find((v) => v.title.includes(word));

  it("breaks when codex is on this machine but not on cron's default PATH", () => {
    const path = titled(cron([]), "PATH");
    expect(path?.status).toBe("breaks");
    expect(path?.reason).toContain("PATH=/usr/bin:/bin");
  });

  it("cannot tell when codex is on neither cron's PATH nor this machine's", () => {
    const path = titled(cron([], "ops-skill-no-such-codex"), "PATH");
    expect(path?.status).toBe("cannot-tell");
    expect(path?.reason).toContain("not installed on this machine either");
  });

  it("breaks when the launcher's node is not on the crontab's PATH, works when it is", () => {
    const noNode = titled(
      cron([{ name: "PATH", source: "literal", value: `${FIXTURES}/cron/bin` }]),
      "PATH",
    );
    expect(noNode?.status).toBe("breaks");
    expect(noNode?.reason).toContain("#!/usr/bin/env node");
    const ok = titled(
      cron([{ name: "PATH", source: "literal", value: `${FIXTURES}/cron/bin:${node}` }]),
      "PATH",
    );
    expect(ok?.status).toBe("works");
  });

  it("finds a codex login in ~/.codex of the crontab's user, not the doctor's CODEX_HOME", () => {
    const line = run(LINE, {
      project: "cron",
      kind: "crontab",
      env: [{ name: "HOME", source: "literal", value: `${FIXTURES}/cron/home-login` }],
    });
    const [login] = environmentCheck(line, context("cron", {}, { CODEX_HOME: `${FIXTURES}/env` }));
    expect(login?.status).toBe("works");
    expect(login?.reason).toContain("home-login/.codex/auth.json");
    const [none] = environmentCheck(
      run(LINE, { project: "cron", kind: "crontab" }),
      context(
        "cron",
        {},
        { HOME: `${FIXTURES}/cron/home-empty`, CODEX_HOME: `${FIXTURES}/env/login-home` },
      ),
    );
    expect(none?.status).toBe("breaks");
  });

  it("names the credentials variable the skill needs, with the tool's fallback file", () => {
    const path = {
      name: "PATH",
      source: "literal" as const,
      value: `${FIXTURES}/cron/bin:${node}`,
    };
    const missing = titled(cron([path]), "KUBECONFIG");
    expect(missing?.status).toBe("breaks");
    expect(missing?.reason).toContain("~/.kube/config");
    const fallback = titled(
      cron([path, { name: "HOME", source: "literal", value: `${FIXTURES}/cron/home-with-kube` }]),
      "KUBECONFIG",
    );
    expect(fallback?.status).toBe("works");
    const set = titled(
      cron([path, { name: "KUBECONFIG", source: "literal", value: "/etc/kube/prod" }]),
      "KUBECONFIG",
    );
    expect(set?.status).toBe("works");
  });
});
