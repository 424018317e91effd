/**
 * Which scenarios a run takes: `--filter` (a skill, or `skill/scenario`, each part a glob of `*`
 * and `?`) and `--shard i/n` (a deterministic split for a CI matrix). Pure.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export type ShardParse = { ok: true; shard: Shard } | { ok: false; message: string };

/** `2/4` → the second of four shards. */
export function parseShard(text: string): ShardParse {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const total = match ? Number(match[2]) : Number.NaN;
  if (!match || total < 1 || index < 1 || index > total) {
    return {
      ok: false,
      message: `--shard ${JSON.stringify(text)}: expected i/n with 1 <= i <= n, like 1/4`,
    };
  }
  return { ok: true, shard: { index, total } };
}

/** Whether `text` matches `glob` (`*` any run of characters, `?` one; no other syntax). */
export function globMatches(glob: string, text: string): boolean {
  // The two-pointer walk: on a mismatch, retry from the last `*` one character further.
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === "?" || (glob[g] !== "*" && glob[g] === text[t]))) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      resume = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}

/**
 * A filter: `drift-check` (every scenario of the skill), `drift-*`, `drift-check/clean`, or a
 * scenario name in any skill (a `*` for the skill part).
 */
export function filterMatcher(filter: string): (id: string) => boolean {
  const slash = filter.indexOf("/");
  const skill = slash < 0 ? filter : filter.slice(0, slash);
  const scenario = slash < 0 ? undefined : filter.slice(slash + 1);
  return (id) => {
    const cut = id.indexOf("/");
    return (
      globMatches(skill, id.slice(0, cut)) &&
      (scenario === undefined || globMatches(scenario, id.slice(cut + 1)))
    );
  };
}

export interface Selection {
  /** The ids taken, in order. */
  ids: string[];
  /** Filters no scenario matched (a typo the caller should report). */
  unmatchedFilters: string[];
}

/**
 * The ids a run takes: those matching any filter (all when there is none), sorted by code
 * unit, then every n-th from the i-th when sharded, so shards are disjoint, cover the suite,
 * and differ in size by at most one.
 */
export function selectScenarios(
  ids: readonly string[],
  options: { filter?: readonly string[]; shard?: Shard } = {},
): Selection {
  const filters = options.filter ?? [];
  const matchers = filters.map(filterMatcher);
  const hit = new Array<boolean>(filters.length).fill(false);
  const chosen = [...new Set(ids)]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .filter((id) => {
      if (matchers.length === 0) return true;
      let any = false;
      matchers.forEach((matches, k) => {
        if (matches(id)) {
          hit[k] = true;
          any = true;
        }
      });
      return any;
    });
  const shard = options.shard;
  return {
    ids:
      shard === undefined ? chosen : chosen.filter((_, k) => k % shard.total === shard.index - 1),
    unmatchedFilters: filters.filter((_, k) => !hit[k]),
  };
}
