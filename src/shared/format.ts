/** Formatting of measured figures, for the metrics line (metrics-line.ts) and the helpers' tables and charts. Pure. */
import type { ValueFormat } from '../../engine/protocol.ts';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 1536 -> "1.5 KiB"; binary units, three significant digits; negative values keep their sign. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${value} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 0.04 -> "0.04 ms", 2.54 -> "2.5 ms", 38.2 -> "38 ms", 2345 -> "2.35 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** 1536 -> "+1.5 KiB", 0 -> "0 B", -8 -> "-8 B". */
export function formatSignedBytes(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One cell of a helper's table or one tick of a chart, read by the column's format. */
export function formatValue(value: string | number | null | undefined, format: ValueFormat): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'bytes':
      return formatBytes(value);
    case 'signed-bytes':
      return formatSignedBytes(value);
    case 'ms':
      return formatDuration(value);
    case 'int':
      return integer.format(value);
    case 'signed-int':
      return value > 0 ? `+${integer.format(value)}` : integer.format(value);
    default:
      return String(value);
  }
}

/** A measured or predicted number as the page writes it: thousands separated, floats as given. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? formatValue(n, 'int') : String(Math.round(n * 1e6) / 1e6);
}
