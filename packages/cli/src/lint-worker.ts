/**
 * The script of `ops-skill lint`'s worker threads (`--concurrency`): the lint engine's worker
 * with the plugins the CLI hands the engine. The build bundles it beside the CLI.
 */
import { serveLintWorker } from "@ops-skill/lint";
import { deferredSchemaLintPlugin } from "@ops-skill/schema/lint-plugin-deferred";

await serveLintWorker([deferredSchemaLintPlugin]);
