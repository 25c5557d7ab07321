/**
 * "Did you mean ...?" for typos in op names, gfp flags, field names, toggles and presets.
 * Shared by the scenario loader and the policy parser so that both suggest the same way.
 */

/**
 * Edit distance counting a swap of two neighbours as one edit ("ksawpd" is one typo away from
 * "kswapd"), case-insensitive (a wrong case is the commonest typo).
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[s.length][t.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: at most one edit
 * per five characters (at least one). Looser limits suggested GFP_NOIO for GFP_FOO.
 */
export function nearestName(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // not a typo of a short name; keeps the matrix small
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 5));
  return bestDistance <= limit ? best : undefined;
}

/** 'did you mean "X"?' or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const n = nearestName(word, candidates);
  return n === undefined ? undefined : `did you mean "${n}"?`;
}
