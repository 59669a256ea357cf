import fc from 'fast-check';
import { copyLine, rowCopyLine, rowValues } from './import-writer.js';
import type { ParsedRow } from './parsing/row.js';

/**
 * PostgreSQL gets a row's COPY line written straight as text (rowCopyLine, the fast path); the
 * embedded database gets the same row as values (rowValues). Both must store the same row.
 */
describe('import writer: the COPY line of a row is its values in COPY text', () => {
  // Text with what COPY must escape (backslash, tab, line breaks) and what JSON escapes itself.
  const text = fc.oneof(fc.string(), fc.constantFrom('a\\b', 'tab\there', 'two\nlines', 'cr\r', '"quoted"', 'Müller €', ''));
  const maybe = fc.option(text, { nil: null });
  const raw = fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 4 }), fc.array(text, { maxLength: 4 }));
  const amount = fc.bigInt({ min: 0n, max: 10n ** 15n });
  const fields = fc.record({
    date: fc.option(fc.constant('2026-10-01'), { nil: null }),
    amount: fc.option(amount, { nil: null }),
    currency: fc.option(fc.constantFrom('EUR', 'USD'), { nil: null }),
    direction: fc.option(fc.constantFrom('credit' as const, 'debit' as const), { nil: null }),
    description: maybe,
    reference: maybe,
    counterparty: maybe,
    externalId: maybe,
  });
  const income = fc.record({
    type: fc.constant('income' as const),
    provider: fc.constant('patreon' as const),
    externalId: text,
    memberId: text,
    name: maybe,
    email: maybe,
    amount,
    currency: fc.constantFrom('EUR', 'USD'),
    chargedOn: fc.constant('2026-09-30'),
    tier: maybe,
    chargeFrequency: maybe,
  });
  const good = fc.record({
    ok: fc.constant(true as const),
    line: fc.nat(),
    raw,
    sourceKey: text,
    identity: fc.constant([]),
    repeatable: fc.boolean(),
    fields,
    record: fc.option(income, { nil: null }),
  });
  const bad = fc.record({ ok: fc.constant(false as const), line: fc.nat(), raw, message: text });

  it('for good rows (with and without an income record) and rows in error', () => {
    fc.assert(
      fc.property(fc.oneof(good, bad), fc.nat(), fc.uuid(), fc.stringMatching(/^[0-9a-f]{64}$/), (row, seq, id, hash) => {
        const parsed = row as ParsedRow;
        // A good row always has its hash (ImportWriter.rowHash), a row in error none.
        const rowHash = parsed.ok ? hash : null;
        expect(rowCopyLine(parsed, seq, id, rowHash)).toBe(copyLine(rowValues(parsed, seq, id, rowHash)));
      }),
      { numRuns: 2000 },
    );
  });
});
