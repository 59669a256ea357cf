import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
export function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function postgresVersion() {
    try {
        return execSync('psql --version', { encoding: 'utf8' }).trim();
    }
    catch {
        return 'psql not found';
    }
}
export function report(name, figures, extra = {}) {
    const machine = { nproc: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: postgresVersion() };
    const result = { benchmark: name, date: new Date().toISOString(), machine, figures, ...extra };
    const dir = resolve('bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    console.log(`\n${name}  (${machine.nproc} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.postgres})`);
    console.table(figures.map((f) => ({
        figure: f.name,
        value: `${round(f.value)} ${f.unit}`,
        baseline: f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
        ratio: f.ratio === undefined ? '' : round(f.ratio),
        target: f.target ?? '',
        met: f.met === undefined ? '' : f.met ? 'yes' : 'NO',
    })));
    console.log(`written to bench/results/${name}.json`);
}
function round(n) {
    return Math.round(n * 100) / 100;
}
//# sourceMappingURL=result.js.map