import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { parseSkill } from "@ops-skill/core";
const files = execSync("find bench/.work/public -name SKILL.md -type f", { encoding: "utf8" }).trim().split("\n");
const bytes = files.map((f) => readFileSync(f));
for (let r = 0; r < 4; r++) {
  const t = performance.now();
  const opts = { pluginNamespaces: new Map() };
  for (let i = 0; i < files.length; i++) parseSkill(files[i], bytes[i], undefined, opts);
  console.log("parseSkill all", (performance.now() - t).toFixed(0));
}
