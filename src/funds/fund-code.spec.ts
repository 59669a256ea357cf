import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FUND_CODE, FundCode } from './fund-code.js';

class WithFund {
  @FundCode()
  fund: string;
}

const problems = (fund: unknown) => validateSync(plainToInstance(WithFund, { fund })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('fund code rule', () => {
  it.each([['general'], ['rsoc'], ['build-engineer'], ['2026'], ['a'.repeat(63)]])('accepts %s', (fund) => {
    expect(problems(fund)).toEqual([]);
  });

  it.each([[''], ['a'.repeat(64)], ['RSOC'], ['-rsoc'], ['r_soc'], ['rsoc '], [42]])('refuses %p, naming the field', (fund) => {
    expect(problems(fund).join()).toContain('fund must be a fund code');
  });

  it('is the rule the database checks on funds.code and grants.fund', () => {
    for (const migration of ['1764152000000-CreateMoney.ts', '1764161000000-GrantFundCodeRule.ts']) {
      expect(readFileSync(new URL(`../../migrations/${migration}`, import.meta.url), 'utf8')).toContain(`'${FUND_CODE.source}'`);
    }
  });
});
