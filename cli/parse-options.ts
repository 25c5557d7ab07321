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
