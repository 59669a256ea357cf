import { GRANT_STATUSES } from '../grants/grant-status.js';
import { INTEREST_STATUSES } from '../interest/interest-status.js';
import { applicationWording, interestWording, PUBLIC_INTEREST_STATUS, shownStatusWording, type ApplicantWording } from './applicant-wording.js';
import { LOCALES } from './locale.js';

/** A label sits inside a sentence the template ends; a message and a next step are whole sentences. */
function expectWellFormed(w: ApplicantWording) {
  expect(w.label).toMatch(/^[^.!?]+$/);
  for (const sentence of [w.message, w.next]) {
    expect(sentence).toMatch(/^\p{Lu}.*[.!]$/u);
    expect(sentence).not.toMatch(/\.\.|wording:/);
  }
}

describe('applicant wording', () => {
  it.each([
    ['received', 'received'],
    ['reviewing', 'under_review'],
    ['shortlisted', 'under_review'],
    ['declined', 'declined'],
    ['invited', 'invited'],
  ] as const)('shows interest %s to the applicant as %s', (status, shown) => {
    expect(PUBLIC_INTEREST_STATUS[status]).toBe(shown);
    expect(interestWording(status, 'en').status).toBe(shown);
  });

  it.each(INTEREST_STATUSES.flatMap((s) => LOCALES.map((l) => [s, l] as const)))('words interest %s in %s: label, message and next step', (status, locale) => {
    const w = interestWording(status, locale);
    expectWellFormed(w);
    if (locale !== 'en') expect(w).not.toEqual(interestWording(status, 'en'));
    expect(shownStatusWording('interest', w.status, locale)).toEqual(w);
  });

  it.each(GRANT_STATUSES.flatMap((s) => LOCALES.map((l) => [s, l] as const)))('words application %s in %s: label, message and next step', (status, locale) => {
    const w = applicationWording(status, locale);
    expectWellFormed(w);
    if (locale !== 'en') expect(w).not.toEqual(applicationWording(status, 'en'));
    expect(shownStatusWording('application', status, locale)).toEqual(w);
  });

  it('never says "shortlist" to the applicant', () => {
    for (const locale of LOCALES) expect(JSON.stringify(interestWording('shortlisted', locale)).toLowerCase()).not.toMatch(/shortlist|engere/);
  });

  it('knows no wording for an internal-only or unknown code', () => {
    expect(shownStatusWording('interest', 'shortlisted', 'en')).toBeNull();
    expect(shownStatusWording('application', 'nonsense', 'de')).toBeNull();
  });
});
