import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** A fixture captured from a real Codex 0.169.0 run of the conformance corpus. */
export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

export function readJsonFixture(name: string): unknown {
  return JSON.parse(readFixture(name));
}
