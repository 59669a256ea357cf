import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type CacheEntry = [status: 0 | 1, ms: number];
interface FakeTest {
  path: string;
  context: { config: { rootDir: string } };
}
interface Sequencer {
  sort(tests: FakeTest[]): FakeTest[];
}

const here = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(here, '../..');
const recorded = JSON.parse(readFileSync(join(here, 'spec-durations.json'), 'utf8')) as Record<string, number>;

/** The project's sequencer with Jest's per-checkout cache replaced by `cache` (file path → [status, ms]). */
async function sequencerWith(cache: Record<string, CacheEntry>): Promise<Sequencer> {
  const { default: RecordedDurationsSequencer } = (await import(join(here, 'sequencer.mjs'))) as {
    default: new (options: unknown) => Sequencer & { _getCache(test: FakeTest): Record<string, CacheEntry> };
  };
  const sequencer = new RecordedDurationsSequencer({ contexts: [], globalConfig: {} });
  sequencer._getCache = () => cache;
  return sequencer;
}

const test = (path: string): FakeTest => ({ path: join(rootDir, path), context: { config: { rootDir } } });
const order = (tests: FakeTest[]) => tests.map((t) => t.path.slice(rootDir.length + 1));

describe('the test sequencer', () => {
  const [longest, middle, short] = ['test/money/webhook-storm.spec.ts', 'test/grants/grants.e2e.spec.ts', 'src/auth/login-throttle.spec.ts'];

  it('has the recorded durations of a whole run (the storm longer than the grants, the grants than a unit spec)', () => {
    expect(recorded[longest]).toBeGreaterThan(recorded[middle]);
    expect(recorded[middle]).toBeGreaterThan(recorded[short]);
  });

  it('on a fresh clone runs a new file first, then the recorded files longest first', async () => {
    const sequencer = await sequencerWith({});
    expect(order(sequencer.sort([test(short), test('test/new/unknown.spec.ts'), test(middle), test(longest)]))).toEqual(['test/new/unknown.spec.ts', longest, middle, short]);
  });

  it("prefers this checkout's own durations to the record, and runs last time's failures first", async () => {
    const sequencer = await sequencerWith({
      [join(rootDir, longest)]: [1, 100],
      [join(rootDir, short)]: [1, 900_000],
      [join(rootDir, middle)]: [0, 50],
    });
    expect(order(sequencer.sort([test(longest), test(middle), test(short)]))).toEqual([middle, short, longest]);
  });
});
