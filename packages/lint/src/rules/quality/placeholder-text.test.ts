import { testRule } from "../../../test/rule-tester.js";
import rule from "./placeholder-text.js";

const head = "---\nname: demo-skill\ndescription: Checks pod health. Use when on-call asks.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "placeholders in code are templates",
      skill: `${head}Run \`kubectl get pods -n <namespace>\` for each namespace.\n\n\`\`\`bash\n# TODO: not prose\nkubectl describe pod <pod> -n <namespace>\n\`\`\`\n`,
    },
    {
      name: "lowercase todo in prose",
      skill: `${head}Keep a todo list of the pods that restarted.\n`,
    },
    {
      name: "a disable comment with a TODO reason",
      skill: `${head}<!-- ops-skill-disable-next-line quality/body-length -- TODO split later -->\nDone.\n`,
    },
  ],
  invalid: [
    {
      name: "a TODO beside a directive on its line",
      skill: `${head}Owner: TODO <!-- ops-skill-disable-line quality/body-length -- TODO split later -->\n`,
      errors: [{ message: /^"TODO" is left in the instructions/, line: 5, column: 8 }],
    },
    {
      name: "TODO in a step",
      skill: `${head}## Procedure\n\n1. List the pods. TODO: describe how to pick the namespace.\n`,
      errors: [
        {
          message:
            '"TODO" is left in the instructions; Codex hands the body to the model as is, and an unattended run cannot ask what was meant.',
          line: 7,
          column: 19,
        },
      ],
    },
    {
      name: "angle-bracket placeholders and FIXME",
      skill: `${head}Upload the report to <your-bucket> (FIXME: confirm the region).\n\nOwner: <placeholder>\n`,
      errors: [
        { message: /^"<your-bucket>" is left/, line: 5, column: 22 },
        { message: /^"FIXME" is left/, line: 5, column: 37 },
        { message: /^"<placeholder>" is left/, line: 7, column: 8 },
      ],
    },
    {
      name: "TBD description",
      skill: "---\nname: demo-skill\ndescription: TBD\n---\n# Demo\n",
      errors: [
        {
          message:
            'The description still holds the placeholder "TBD"; Codex shows it to the model as the skill\'s description.',
          line: 3,
          column: 14,
        },
      ],
    },
  ],
});
