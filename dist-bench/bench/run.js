import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
async function main(selected) {
    const here = resolve('dist-bench/bench');
    const available = readdirSync(here).filter((f) => f.endsWith('.js') && f !== 'run.js').map((f) => f.replace(/\.js$/, ''));
    const names = selected.length ? selected : available;
    for (const name of names) {
        if (!available.includes(name))
            throw new Error(`no benchmark "${name}"; there are: ${available.join(', ')}`);
        const module = (await import(resolve(here, `${name}.js`)));
        await module.default();
    }
}
main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
//# sourceMappingURL=run.js.map