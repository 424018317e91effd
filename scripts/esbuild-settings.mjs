// The esbuild settings of every bundled bin of the repository (`ops-skill`, `create-ops-skill`):
// one ES-module bundle for Node 20.19 with its lazily loaded modules split into chunks, so a
// bin starts without resolving hundreds of modules. A package's `scripts/bundle.mjs` gives its
// entry points, its output folder and the modules it keeps external; the rest is here.
//
// BUNDLE_MINIFY=0 keeps names readable, for a CPU profile. No source maps by default: errors
// are one line, never a stack, and the maps (with their sources inlined) would make a published
// tarball about four times larger. BUNDLE_SOURCEMAP=1 writes linked maps for
// `node --enable-source-maps` while debugging; such a build is not for publishing
// (`node scripts/package-check.mjs` says why).
import { rm } from "node:fs/promises";
import { build } from "esbuild";

/** CommonJS dependencies bundled into ESM expect `require`, `__filename` and `__dirname`. */
const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __pathDirname(__filename);",
].join(" ");

/**
 * The settings of a bin's bundle.
 * @param {{ entryPoints: Record<string, string>, outdir: string, external: string[] }} bin
 * @returns {import("esbuild").BuildOptions}
 */
export function binBundleSettings({ entryPoints, outdir, external }) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    minify: process.env.BUNDLE_MINIFY !== "0",
    sourcemap: process.env.BUNDLE_SOURCEMAP === "1" ? "linked" : false,
    outExtension: { ".js": ".mjs" },
    // Prefer ESM builds: some packages' UMD `main` hides requires esbuild cannot follow.
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    external,
    logLevel: "warning",
  };
}

/** Bundles a bin into `outdir`, emptied first. */
export async function bundleBin(bin) {
  await rm(bin.outdir, { recursive: true, force: true });
  await build(binBundleSettings(bin));
}
