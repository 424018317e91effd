/**
 * An npm registry on 127.0.0.1 that needs no network: it serves the tarballs `npm pack` made
 * of this repository's packages, and every third-party package at the versions the
 * repository's package-lock.json pins, their metadata taken from the lock and their tarballs
 * from the local npm cache that `npm ci` filled (content-addressed by the lock's integrity).
 * npm then resolves and installs the packed packages in a fresh project exactly as it would
 * from the public registry, with any install strategy, and never goes online.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the tarball. */
  tarball: string;
  integrity: string;
  /** The package's folder (its package.json is the published manifest). */
  dir: string;
}

interface Version {
  manifest: Record<string, unknown>;
  /** Where the tarball's bytes are. */
  file: string;
}

export interface LocalRegistry {
  url: string;
  /** Tarballs asked for that the npm cache does not hold (run `npm ci` first). */
  misses: string[];
  close(): Promise<void>;
}

const LOCK_FIELDS = [
  "dependencies",
  "optionalDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "bin",
  "engines",
  "os",
  "cpu",
  "license",
] as const;

/** Where cacache keeps the content of an integrity (`sha512-<base64>`). */
function cachedContent(cache: string, integrity: string): string {
  const [first] = integrity.trim().split(/\s+/);
  const dash = (first ?? "").indexOf("-");
  const algorithm = first?.slice(0, dash) ?? "";
  const hex = Buffer.from(first?.slice(dash + 1) ?? "", "base64").toString("hex");
  return join(
    cache,
    "_cacache",
    "content-v2",
    algorithm,
    hex.slice(0, 2),
    hex.slice(2, 4),
    hex.slice(4),
  );
}

/** Every version of every package the lock pins, by name. */
function lockedVersions(lockFile: string, cache: string): Map<string, Map<string, Version>> {
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const byName = new Map<string, Map<string, Version>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const at = path.lastIndexOf("node_modules/");
    if (at < 0 || entry.link || entry.inBundle) continue;
    const name = path.slice(at + "node_modules/".length);
    if (typeof entry.name === "string" && entry.name !== name) continue; // an alias
    const { version, integrity } = entry as { version?: string; integrity?: string };
    if (!version || !integrity) continue;
    const manifest: Record<string, unknown> = { name, version };
    for (const field of LOCK_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
    manifest.dist = { integrity };
    const versions = byName.get(name) ?? new Map<string, Version>();
    versions.set(version, { manifest, file: cachedContent(cache, integrity) });
    byName.set(name, versions);
  }
  return byName;
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const [p, q] = [x[i], y[i]];
    if (p === q) continue;
    if (p === undefined) return 1; // 1.0.0 > 1.0.0-rc
    if (q === undefined) return -1;
    if (typeof p === "number" && typeof q === "number") return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return 0;
}

/** Starts the registry; `close()` when done. */
export async function startLocalRegistry(options: {
  lockFile: string;
  packed: readonly PackedPackage[];
  /** The npm cache folder `npm ci` filled (`npm config get cache`). */
  cache: string;
}): Promise<LocalRegistry> {
  const { cache } = options;
  const byName = lockedVersions(options.lockFile, cache);
  for (const pack of options.packed) {
    const manifest = JSON.parse(readFileSync(join(pack.dir, "package.json"), "utf8"));
    manifest.dist = { integrity: pack.integrity };
    byName.set(pack.name, new Map([[pack.version, { manifest, file: pack.tarball }]]));
  }
  const misses: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).slice(1);
    const tarball = /^(.+)\/-\/(.+)\.tgz$/.exec(path);
    if (tarball) {
      const version = byName.get(tarball[1] as string)?.get(tarball[2] as string);
      if (!version || !existsSync(version.file)) {
        misses.push(`${tarball[1]}@${tarball[2]}`);
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.end(readFileSync(version.file));
      return;
    }
    const versions = byName.get(path);
    if (!versions) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const base = `http://${request.headers.host}`;
    const sorted = [...versions.keys()].sort(compareVersions);
    const packument = {
      name: path,
      "dist-tags": { latest: sorted.at(-1) },
      versions: Object.fromEntries(
        sorted.map((v) => {
          const { manifest } = versions.get(v) as Version;
          const dist = { ...(manifest.dist as object), tarball: `${base}/${path}/-/${v}.tgz` };
          return [v, { ...manifest, dist }];
        }),
      ),
    };
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    misses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
