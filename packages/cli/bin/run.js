#!/usr/bin/env node
const { execute } = await import("../dist/bundle/ops-skill.mjs");

await execute({ dir: import.meta.url });
