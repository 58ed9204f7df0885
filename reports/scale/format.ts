// Numbers as people read them in tables and in the compare output: three significant digits
// (enough to see a 1% change, few enough to scan), thousands separators, bytes in IEC units.

const EN = 'en-US';

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString(EN);
  return Number(value.toPrecision(3)).toLocaleString(EN, { maximumFractionDigits: 6 });
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value)} ${BYTE_UNITS[unit]}`;
}

const isBytes = (unit: string): boolean => /^(b|bytes?)$/i.test(unit.trim());

/** A metric value with its unit: `12.3 ms`, `4.5 MiB`, `1,234 workspaces/s`. */
export function formatValue(value: number, unit: string): string {
  if (isBytes(unit)) return formatBytes(value);
  return unit.trim() === '' ? formatNumber(value) : `${formatNumber(value)} ${unit.trim()}`;
}

/** `+25.0%` / `-3.1%` / `±0%`: how far `ratio` (current / reference) is from 1. */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return ratio > 0 ? '+∞' : 'n/a';
  const percent = (ratio - 1) * 100;
  if (Math.abs(percent) < 0.05) return '±0%';
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Parameters are shown exactly as the run recorded them: numbers unrounded, objects as JSON. */
export function formatParameter(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/** `2026-01-02 03:04:05 UTC`: ISO without the T and milliseconds, which only get in the way. */
export function formatTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
