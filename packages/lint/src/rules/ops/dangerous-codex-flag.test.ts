import { testRule } from "../../../test/rule-tester.js";
import rule from "./dangerous-codex-flag.js";

const head =
  "---\nname: demo-skill\ndescription: Runs the nightly drift check through Codex. Use when scheduling.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "sandboxed exec; flags only forbidden",
      skill: `${head}## Schedule\n\n\`\`\`bash\ncodex exec --sandbox read-only --skip-git-repo-check "\\$drift-check"\n\`\`\`\n\n## Constraints\n\n- Never pass \`--yolo\` or \`--dangerously-bypass-approvals-and-sandbox\`.\n`,
      skillFiles: {
        "scripts/run.sh": {
          content:
            '#!/usr/bin/env bash\n# Do not add --full-auto here.\ncodex exec -s workspace-write "$@"\n',
          mode: 0o755,
        },
      },
    },
    {
      name: "negated prose elsewhere",
      skill: `${head}If the sandbox blocks the network, report it; never retry with \`-s danger-full-access\`.\n`,
    },
  ],
  invalid: [
    {
      name: "bypass flag in a fence",
      skill: `${head}## Schedule\n\n\`\`\`bash\ncodex exec --dangerously-bypass-approvals-and-sandbox "\\$drift-check"\n\`\`\`\n`,
      errors: [
        {
          message:
            "`--dangerously-bypass-approvals-and-sandbox` in the instructions: Codex then runs every command the model chooses without asking and without the sandbox.",
          line: 8,
          column: 12,
        },
      ],
    },
    {
      name: "script with danger-full-access and --yolo",
      skill: `${head}Run \`scripts/nightly.sh\`.\n`,
      skillFiles: {
        "scripts/nightly.sh": {
          content:
            '#!/usr/bin/env bash\nset -euo pipefail\ncodex exec -s danger-full-access "$prompt"\ncodex --yolo exec "$prompt"\n',
          mode: 0o755,
        },
      },
      errors: [
        {
          message:
            "`danger-full-access` in scripts/nightly.sh: it turns the sandbox off, so commands can write anywhere and reach the network.",
          line: 3,
          column: 15,
        },
        { message: /^`--yolo` in scripts\/nightly.sh: it is Codex's alias/, line: 4, column: 7 },
      ],
    },
    {
      name: "--full-auto inline",
      skill: `${head}Schedule \`codex exec --full-auto "\\$drift-check"\` every night.\n`,
      errors: [
        {
          message: /^`--full-auto` in the instructions: .*Codex 0\.169\.0 no longer accepts it/,
          line: 5,
          column: 22,
        },
      ],
    },
    {
      name: "hook trust bypass",
      skill: `${head}\`\`\`bash\ncodex exec --dangerously-bypass-hook-trust "\\$drift-check"\n\`\`\`\n`,
      errors: [
        { message: /^`--dangerously-bypass-hook-trust` in the instructions/, line: 6, column: 12 },
      ],
    },
  ],
});
