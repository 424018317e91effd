#!/usr/bin/env node
import { main } from "../dist/bundle/create-ops-skill.mjs";

process.exitCode = await main(process.argv.slice(2));
