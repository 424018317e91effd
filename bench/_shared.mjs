// What the benchmark scripts share: a seeded random source for the generators, the command
// line every benchmark takes, medians and logging.

/** FNV-1a, to turn a seed string into 32 bits. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 seeded from a string: small, fast and good enough for test data. */
export function prng(seed) {
  let a = hash(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const sample = (list, n) => {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(int(0, copy.length - 1), 1)[0]);
    return out;
  };
  return { next, int, pick, chance, sample };
}

/**
 * `--<countFlag> N --runs R --seed S --json --help`, the options every benchmark takes;
 * bad input throws with the flag named. `extra` adds a script's own flags, by name, with their
 * defaults: a boolean default makes a switch, any other a flag that takes a value (a string).
 */
export function parseBenchArgs(argv, { script, countFlag, defaultCount, defaultSeed, extra = {} }) {
  const options = {
    [countFlag]: defaultCount,
    runs: 5,
    seed: defaultSeed,
    json: false,
    ...extra,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--json") options.json = true;
    else if (arg === `--${countFlag}`) options[countFlag] = Number(value());
    else if (arg === "--runs") options.runs = Number(value());
    else if (arg === "--seed") options.seed = value();
    else if (arg.startsWith("--") && Object.hasOwn(extra, arg.slice(2))) {
      const name = arg.slice(2);
      options[name] = typeof extra[name] === "boolean" ? true : value();
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        `usage: node bench/${script} [--${countFlag} N] [--runs R] [--seed SEED] [--json]${Object.keys(
          extra,
        )
          .map((name) => ` [--${name}${typeof extra[name] === "boolean" ? "" : " VALUE"}]`)
          .join("")}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  for (const flag of [countFlag, "runs"]) {
    if (!Number.isInteger(options[flag]) || options[flag] < 1)
      throw new Error(`--${flag} must be a positive integer`);
  }
  return options;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const log = (message) => process.stderr.write(`${message}\n`);
