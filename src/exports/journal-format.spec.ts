import { csvRows, ExportEntry, ledgerEntry } from './journal-format.js';

const entry = (description: string): ExportEntry => ({
  id: 'e1',
  seq: 1,
  date: '2026-01-15',
  kind: 'donation.received',
  description,
  donationId: null,
  postings: [
    { account: 'assets:bank', fund: 'general', currency: 'EUR', amount: 1250n, rate: null },
    { account: 'income:donations:bank', fund: 'general', currency: 'EUR', amount: -1250n, rate: null },
  ],
});

describe('export injection (issue 10 item 10)', () => {
  it('a ; in a description cannot start an hledger comment and add tags', () => {
    const text = ledgerEntry(entry('Gift ; fund:rsoc, donation:forged'));
    const header = text.split('\n')[0];
    expect(header.split(';')).toHaveLength(2);
    expect(header).toMatch(/^2026-01-15 \* Gift ； fund:rsoc, donation:forged {2}; entry:e1, kind:donation\.received$/);
  });

  it.each([['=HYPERLINK("x")'], ['+1+1'], ['-cmd|x'], ['@SUM(A1)'], ['  =1+1']])('neutralises the CSV formula cell %s', (text) => {
    const description = csvRows(entry(text)).split('\n')[0].split(',')[4];
    expect(description.replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves negative amounts as numbers', () => {
    expect(csvRows(entry('ok')).split('\n')[1]).toContain(',-12.50,-1250,');
  });
});
