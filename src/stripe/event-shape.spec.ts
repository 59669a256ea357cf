import { eventShapeProblem } from './event-shape.js';

const charge = { id: 'ch_1', amount: 2500, currency: 'eur', created: 1_700_000_000 };
const event = (type: string, object: unknown) => ({ id: 'evt_1', type, created: 1_700_000_000, data: { object } });

describe('eventShapeProblem (issue 10 item 5)', () => {
  it.each([
    ['a good charge', event('charge.succeeded', charge), null],
    ['an unknown type with any object', event('customer.created', { anything: true }), null],
    ['no data', { id: 'evt_1', type: 'charge.succeeded', created: 1 }, 'data.object must be an object'],
    ['a null object', event('payout.paid', null), 'data.object must be an object'],
    ['an amount as text', event('charge.refunded', { ...charge, amount: '2500' }), 'data.object.amount must be a non-negative integer'],
    ['a fractional amount', event('charge.succeeded', { ...charge, amount: 25.5 }), 'data.object.amount must be a non-negative integer'],
    ['a bad currency', event('charge.succeeded', { ...charge, currency: 'euro' }), 'data.object.currency must be a three-letter currency code'],
    ['a dispute without its charge', event('charge.dispute.created', { id: 'dp_1', amount: 1, currency: 'eur' }), 'data.object.charge must be a charge id'],
    ['no event id', { ...event('charge.succeeded', charge), id: 7 }, 'id must be an event id'],
  ])('%s', (_, input, expected) => {
    expect(eventShapeProblem(input)).toBe(expected);
  });
});
