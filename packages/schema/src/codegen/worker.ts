/** A worker thread of `generateTypes`: compiles the schemas it is sent, one message each. */
import { parentPort } from "node:worker_threads";
import { generateSchemaFiles, type SchemaInput } from "./compile.js";
import { SchemaProblems } from "./errors.js";
import type { JobResult } from "./pool.js";

const port = parentPort;
if (port)
  port.on("message", async ({ id, input }: { id: number; input: SchemaInput }) => {
    let result: JobResult;
    try {
      const output = await generateSchemaFiles(input);
      result = {
        ok: true,
        files: [...output.files],
        packages: output.packages,
        warnings: output.warnings,
      };
    } catch (error) {
      result = {
        ok: false,
        problems:
          error instanceof SchemaProblems
            ? [...error.list]
            : [{ message: (error as Error).message ?? String(error) }],
      };
    }
    port.postMessage({ id, result });
  });
