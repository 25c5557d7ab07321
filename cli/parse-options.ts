/** Parsers for option values; an invalid value is a usage error (exit 150) via commander. */
import { InvalidArgumentError } from 'commander';

export function positiveInteger(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** `--property a,b --property c` -> ['a', 'b', 'c']. */
export function collectList(value: string, previous: string[] = []): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected one or more names.');
  return [...previous, ...items];
}

/** A non-negative integer (a seed may be 0). */
export function nonNegativeInteger(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * `--max-memory SIZE`: bytes, or a number with a binary unit K, M, G or T (optionally
 * followed by B or iB): `2G`, `512M`, `1.5GiB`, `1000000`.
 */
export function byteSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value.replace(/_/g, ''));
  const n = m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a size such as 2G, 512M or a number of bytes.');
  return n;
}

/** `--shard I/N`: shard I (0-based) of N. */
export interface ShardSpec {
  index: number;
  count: number;
}

export function shardSpec(value: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new InvalidArgumentError('expected I/N with 0 <= I < N, e.g. 0/4.');
  }
  return { index, count };
}
