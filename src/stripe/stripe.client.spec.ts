import { apiBaseOptions } from './stripe.client.js';

describe('STRIPE_API_BASE', () => {
  it.each([
    [undefined, {}],
    ['http://127.0.0.1:12111', { host: '127.0.0.1', port: 12111, protocol: 'http' }],
    ['https://api.stripe.com', { host: 'api.stripe.com', port: 443, protocol: 'https' }],
    ['http://stripe-mock', { host: 'stripe-mock', port: 80, protocol: 'http' }],
  ])('%s → %j', (base, options) => expect(apiBaseOptions(base)).toEqual(options));
});
