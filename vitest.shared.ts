/**
 * What both vitest configurations share: tests import the other packages of the repository
 * from their TypeScript sources (the `@ops-skill/source` export condition each package.json
 * lists first), not from their built `dist/`, so a change in one package is seen by every
 * test without a build. Built code is tested end to end where it matters: the CLI tests run the
 * bundle (`packages/cli/bin/run.js`), which is also where lint's worker threads run; the codegen
 * worker test compiles its sources itself.
 */
export const SOURCE_CONDITION = "@ops-skill/source";

/** Vite's server conditions (`defaultServerConditions`) with ours first. */
export const resolveFromSource = {
  resolve: { conditions: [SOURCE_CONDITION, "module", "node", "development|production"] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, "module", "node", "development|production"] } },
};
