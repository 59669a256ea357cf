/**
 * A correctly signed event is still data: an account on another API version, a test fixture
 * or a hand-made event can lack what the handlers read. Checked before anything is stored, so a
 * malformed event is a 400 naming the field (Stripe shows it in the dashboard), never a 500.
 * Only the fields the handlers rely on are checked; everything else stays optional.
 */
type Rule = [field: string, test: (value: unknown) => boolean, expected: string];

const isId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 255;
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCurrency = (v: unknown) => typeof v === 'string' && /^[a-zA-Z]{3}$/.test(v);
const isRef = (v: unknown) => v === undefined || v === null || isId(v) || (typeof v === 'object' && isId((v as { id?: unknown }).id));

const MONEY: Rule[] = [
  ['id', isId, 'an id'],
  ['amount', isCount, 'a non-negative integer'],
  ['currency', isCurrency, 'a three-letter currency code'],
];

const OBJECT_RULES: Record<string, Rule[]> = {
  charge: [...MONEY, ['created', isCount, 'a Unix time'], ['payment_intent', isRef, 'an id'], ['balance_transaction', isRef, 'an id']],
  dispute: [...MONEY, ['charge', (v) => v !== undefined && v !== null && isRef(v), 'a charge id']],
  payout: [...MONEY, ['arrival_date', isCount, 'a Unix time'], ['created', isCount, 'a Unix time']],
  session: [
    ['id', isId, 'an id'],
    ['mode', (v) => typeof v === 'string', 'a mode'],
  ],
  invoice: [
    ['id', isId, 'an id'],
    ['amount_due', isCount, 'a non-negative integer'],
    ['currency', isCurrency, 'a three-letter currency code'],
  ],
  subscription: [['id', isId, 'an id']],
};

function objectKind(type: string): string | null {
  if (type === 'charge.succeeded' || type === 'charge.refunded') return 'charge';
  if (type.startsWith('charge.dispute.')) return 'dispute';
  if (type.startsWith('payout.')) return 'payout';
  if (type === 'checkout.session.completed') return 'session';
  if (type.startsWith('invoice.')) return 'invoice';
  if (type === 'customer.subscription.deleted') return 'subscription';
  return null;
}

/** The first problem with a verified event's shape, or null when the handlers can read it. */
export function eventShapeProblem(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return 'the event is not an object';
  const e = event as Record<string, unknown>;
  if (!isId(e.id)) return 'id must be an event id';
  if (typeof e.type !== 'string' || e.type.length === 0) return 'type must be a string';
  if (!isCount(e.created)) return 'created must be a Unix time';
  const data = e.data as { object?: unknown } | undefined;
  if (typeof data !== 'object' || data === null || typeof data.object !== 'object' || data.object === null) return 'data.object must be an object';
  const kind = objectKind(e.type);
  if (!kind) return null;
  const object = data.object as Record<string, unknown>;
  for (const [field, test, expected] of OBJECT_RULES[kind]) {
    if (!test(object[field])) return `data.object.${field} must be ${expected}`;
  }
  return null;
}
