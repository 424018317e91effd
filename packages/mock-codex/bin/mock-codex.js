#!/usr/bin/env node
import { main } from "../dist/cli.js";

// A closed stdout or stderr (`| head -c0`) ends the run quietly, as Codex does.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => process.exit(1));
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Never a stack trace: one line, exit 1.
  process.stderr.write(`mock-codex: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
