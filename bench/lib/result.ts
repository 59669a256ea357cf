import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { guardResult } from './load-guard.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** null when the load guard withheld it. */
  ratio?: number | null;
  target?: string;
  met?: boolean | null;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function postgresVersion(): string {
  try {
    return execSync('psql --version', { encoding: 'utf8' }).trim();
  } catch {
    return 'psql not found';
  }
}

/** Prints a table and writes bench/results/<name>.json with the machine and the date. */
export function report(name: string, figures: Figure[], extra: Record<string, unknown> = {}): void {
  const machine = { nproc: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: postgresVersion() };
  const result = guardResult({ benchmark: name, date: new Date().toISOString(), machine, figures, ...extra });
  figures = result.figures;
  const dir = resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  console.log(`\n${name}  (${machine.nproc} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.postgres})`);
  console.table(
    figures.map((f) => ({
      figure: f.name,
      value: `${round(f.value)} ${f.unit}`,
      baseline: f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
      ratio: f.ratio === undefined ? '' : f.ratio === null ? 'withheld' : round(f.ratio),
      target: f.target ?? '',
      met: f.met === undefined ? '' : f.met === null ? 'withheld' : f.met ? 'yes' : 'NO',
    })),
  );
  console.log(`written to bench/results/${name}.json`);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
