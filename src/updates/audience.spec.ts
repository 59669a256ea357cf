import { audienceSql, parseAudience } from './audience.js';

describe('audience', () => {
  it.each([
    ['all', { kind: 'all' }],
    ['recurring', { kind: 'recurring' }],
    ['fund:rsoc', { kind: 'fund', code: 'rsoc' }],
  ])('%s parses', (value, expected) => {
    expect(parseAudience(value)).toEqual(expected);
  });

  it('always requires the sponsor to want updates', () => {
    for (const value of ['all', 'recurring', 'fund:general']) expect(audienceSql(parseAudience(value)).where).toMatch(/^s\.email_updates\b/);
  });

  it('passes the fund code as a parameter, never as SQL text', () => {
    const { where, params } = audienceSql(parseAudience("fund:x'--"));
    expect(where).not.toContain("x'--");
    expect(params).toEqual(["x'--"]);
  });
});
