import { describe, expect, it } from "vitest";
import {
  codexEnvironment,
  errorItemMessages,
  offlineProviderArgs,
  parseExecJsonLines,
} from "../src/index.js";
import { readFixture } from "./fixtures.js";

describe("exec --json output", () => {
  const stdout = readFixture("stdout-listing-budget.jsonl");

  it("parses every line of a real run", () => {
    const { events, nonJsonLines } = parseExecJsonLines(stdout);
    expect(nonJsonLines).toEqual([]);
    expect(events.map((event) => event.type)).toEqual([
      "thread.started",
      "item.completed",
      "item.completed",
      "turn.started",
      "item.completed",
      "turn.completed",
    ]);
  });

  it("collects warning items, the skills budget among them", () => {
    const { events } = parseExecJsonLines(stdout);
    expect(errorItemMessages(events)).toEqual([
      "Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
      "Exceeded skills context budget. All skill descriptions were removed and 59 additional skills were not included in the model-visible skills list.",
    ]);
  });

  it("keeps lines that are not JSON objects apart", () => {
    const { events, nonJsonLines } = parseExecJsonLines('{"type":"turn.started"}\nplain\n[1]\n\n');
    expect(events).toEqual([{ type: "turn.started" }]);
    expect(nonJsonLines).toEqual(["plain", "[1]"]);
  });
});

describe("offline invocation", () => {
  it("points Codex at the stub provider with retries off", () => {
    expect(offlineProviderArgs("http://127.0.0.1:9/v1")).toEqual([
      "-c",
      "model_provider=stub",
      "-c",
      'model_providers.stub={name="stub",base_url="http://127.0.0.1:9/v1",wire_api="responses",env_key="STUB_KEY",request_max_retries=0,stream_max_retries=0}',
      "-m",
      "gpt-5.4",
    ]);
  });

  it("drops variables that change Codex and sets the homes", () => {
    const saved = { ...process.env };
    process.env.RUST_BACKTRACE = "1";
    process.env.CODEX_SANDBOX = "seatbelt";
    process.env.OPENAI_API_KEY = "sk-test";
    try {
      const env = codexEnvironment("/c", "/h", { EXTRA: "1" });
      expect(env.RUST_BACKTRACE).toBeUndefined();
      expect(env.CODEX_SANDBOX).toBeUndefined();
      expect(env.OPENAI_API_KEY).toBeUndefined();
      expect(env).toMatchObject({ HOME: "/h", CODEX_HOME: "/c", STUB_KEY: "stub-key", EXTRA: "1" });
    } finally {
      process.env = saved;
    }
  });
});
