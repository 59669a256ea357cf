import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toDecimalString } from '../../src/common/money/money.js';

interface AccountBalance {
  account: string;
  currency: string;
  balance: number;
}

/**
 * R8's outside check: the exported journal passes `hledger check`, and hledger's balance per
 * account and currency equals the API's (`/api/v1/ledger/accounts`, summed over funds). Returns
 * the phrase for the summary line; without hledger installed it says so instead of pretending.
 */
export function hledgerAgrees(journal: string, accounts: AccountBalance[], label: string): string {
  if (spawnSync('sh', ['-c', 'command -v hledger']).status !== 0) {
    process.stdout.write(`\n${label}: HLEDGER CHECK NOT RUN: hledger is not installed\n`);
    return 'not run (hledger missing)';
  }
  const file = join(mkdtempSync(join(tmpdir(), 'coffer-r8-')), 'books.journal');
  writeFileSync(file, journal);
  execFileSync('hledger', ['-f', file, 'check']);
  const csv = execFileSync('hledger', ['-f', file, 'balance', '--flat', '-N', '-O', 'csv', '--layout=bare'], { encoding: 'utf8' });
  const fromHledger = new Map(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')))
      .filter(([, , a]) => Number(a) !== 0)
      .map(([a, c, v]) => [`${a}|${c}`, v]),
  );
  const fromApi = new Map<string, bigint>();
  for (const i of accounts) fromApi.set(`${i.account}|${i.currency}`, (fromApi.get(`${i.account}|${i.currency}`) ?? 0n) + BigInt(i.balance));
  expect(Object.fromEntries(fromHledger)).toEqual(Object.fromEntries([...fromApi].filter(([, v]) => v !== 0n).map(([k, v]) => [k, toDecimalString(v, k.split('|')[1])])));
  return 'hledger check ok with equal balances';
}
