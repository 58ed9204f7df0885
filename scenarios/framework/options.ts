// Parsing helpers shared by the bench command and every scenario's options: numbers and lists
// from the command line, and the one error type that means "called wrongly" (exit code 2).
import { InvalidArgumentError } from 'commander';

/** A mistake in how the bench command (or a scenario's parameters) was given; exit code 2. */
export class UsageError extends Error {}

/** Commander argument parser: an integer ≥ 1. */
export function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

/** Commander argument parser: a number > 0 (fractions allowed, e.g. a rate of 0.5 per second). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** Commander argument parser: comma-separated integers ≥ 0, e.g. "0,100,500". */
export function intList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) {
    throw new InvalidArgumentError('must be comma-separated non-negative integers, e.g. 0,100,500');
  }
  return parts.map(Number);
}

/** Throws a UsageError unless the value is an integer ≥ min. */
export function requireInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}
