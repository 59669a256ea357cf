import { countedDonation } from '../donations/counted.js';

/**
 * Who an update goes to, as one SQL condition on `sponsors s` (parameter `$1` is the fund code
 * when the audience is a fund). Only sponsors who want updates are ever in it; suppressed
 * addresses are removed by the sender (and again by the outbox worker at send time).
 *
 * - `all`: every sponsor who opted in to updates.
 * - `recurring`: sponsors with a recurring donation in the last 45 days (one missed monthly
 *   payment is grace, two are not) that was not refunded.
 * - `fund:<code>`: sponsors who ever gave to that fund.
 */
export type Audience = { kind: 'all' } | { kind: 'recurring' } | { kind: 'fund'; code: string };

export function parseAudience(value: string): Audience {
  if (value === 'all' || value === 'recurring') return { kind: value };
  return { kind: 'fund', code: value.slice('fund:'.length) };
}

export function audienceSql(audience: Audience): { where: string; params: unknown[] } {
  const optedIn = `s.email_updates`;
  switch (audience.kind) {
    case 'all':
      return { where: optedIn, params: [] };
    case 'recurring':
      return {
        where: `${optedIn} AND EXISTS (SELECT 1 FROM donations d WHERE d.sponsor_id = s.id AND d.recurring
                  AND d.status IN ('succeeded', 'partially_refunded') AND d.received_at > now() - interval '45 days')`,
        params: [],
      };
    case 'fund':
      return {
        where: `${optedIn} AND EXISTS (SELECT 1 FROM donations d JOIN funds f ON f.id = d.fund_id
                  WHERE d.sponsor_id = s.id AND f.code = $1 AND ${countedDonation('d')})`,
        params: [audience.code],
      };
  }
}
