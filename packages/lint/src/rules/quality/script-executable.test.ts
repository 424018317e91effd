import { testRule } from "../../../test/rule-tester.js";
import rule from "./script-executable.js";

const skill =
  "---\nname: demo-skill\ndescription: Checks cert expiry. Use when a job must catch renewals.\n---\nRun `scripts/check-endpoint.sh HOST`.\n";
const bash = '#!/usr/bin/env bash\nset -euo pipefail\nopenssl s_client -connect "$1" </dev/null\n';

testRule(rule, {
  valid: [
    {
      name: "executable with shebang",
      skill,
      skillFiles: {
        "scripts/check-endpoint.sh": { content: bash, mode: 0o755 },
        "scripts/days-until-expiry.py": {
          content: "#!/usr/bin/env python3\nprint(1)\n",
          mode: 0o755,
        },
      },
    },
    {
      name: "data files and docs are not scripts",
      skill,
      skillFiles: {
        "scripts/hosts.json": { content: "[]", mode: 0o644 },
        "scripts/README": { content: "Helpers.\n", mode: 0o644 },
        "scripts/lib.sh.tmpl": { content: "x", mode: 0o644 },
      },
    },
    { name: "no scripts folder", skill },
  ],
  invalid: [
    {
      name: "not executable",
      skill,
      skillFiles: { "scripts/check-endpoint.sh": { content: bash, mode: 0o644 } },
      errors: [
        {
          message:
            'scripts/check-endpoint.sh is not executable (mode 644), so running it as `scripts/check-endpoint.sh` fails with "Permission denied".',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: "no shebang and not executable",
      skill,
      skillFiles: {
        "scripts/summarize": { content: "jq -r '.resource_changes[]' \"$1\"\n", mode: 0o600 },
      },
      errors: [
        {
          message:
            "scripts/summarize has no shebang line, so running it as `scripts/summarize` leaves the interpreter to whatever shell starts it.",
          line: 1,
          column: 1,
        },
        { message: /^scripts\/summarize is not executable \(mode 600\)/, line: 1 },
      ],
    },
    {
      name: "python without shebang in a sub-folder",
      skill,
      skillFiles: {
        "scripts/lib/parse_plan.py": { content: "import json\n", mode: 0o755 },
      },
      errors: [{ message: /^scripts\/lib\/parse_plan.py has no shebang line/, line: 1 }],
    },
    {
      // The kernel reads `#!` only as the first two bytes; a byte-order mark hides it.
      name: "shebang after a byte-order mark",
      skill,
      skillFiles: {
        "scripts/check-endpoint.sh": { content: `\uFEFF${bash}`, mode: 0o755 },
      },
      errors: [{ message: /^scripts\/check-endpoint.sh has no shebang line/, line: 1 }],
    },
    {
      name: "linked script without shebang",
      skill,
      skillFiles: {
        "scripts/real.sh": { content: bash, mode: 0o755 },
        "scripts/plain.sh": { content: "echo hi\n", mode: 0o755 },
        "scripts/alias.sh": { symlink: "plain.sh" },
      },
      errors: [
        { message: /^scripts\/alias.sh has no shebang line/, line: 1 },
        { message: /^scripts\/plain.sh has no shebang line/, line: 1 },
      ],
    },
  ],
});
