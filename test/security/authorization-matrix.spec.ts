import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JwtService } from '@nestjs/jwt';
import { ChangeFeed } from '../../src/database/change-feed.service.js';
import { type Role, SYSTEM_ACTOR } from '../../src/users/role.js';
import { UsersService } from '../../src/users/users.service.js';
import { listRoutes, RouteInfo } from '../setup/routes.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { signIn, StaffSessionCookie } from '../staff/staff-kit.js';

/**
 * R7: the authorization matrix, generated from the application's own route list. A route
 * that declares neither roles nor @Public() fails here by name. Staff pages (`@StaffPage`) are
 * called with each identity's session cookie instead of its token (and its CSRF token on a POST);
 * there "refused" means 303 to `/login` without a live session and 403 with the wrong role.
 */
type Identity = 'anonymous' | Role | 'expired token' | 'tampered token' | 'unknown user token' | 'token before password change' | 'token before role change';
const IDENTITIES: Identity[] = [
  'anonymous',
  'admin',
  'treasurer',
  'board',
  'expired token',
  'tampered token',
  'unknown user token',
  'token before password change',
  'token before role change',
];
/** Identities whose token must be refused outright (401) wherever a role is needed. */
const NO_VALID_TOKEN = ['anonymous', 'expired token', 'tampered token', 'unknown user token', 'token before password change', 'token before role change'];

describe('R7 authorization matrix', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const headers = new Map<Identity, Record<string, string>>();
  const sessions = new Map<Identity, StaffSessionCookie>();
  const emails = new Map<Identity, string>();

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', STRIPE_WEBHOOK_SECRET: 'whsec_r7_matrix' });
    routes = listRoutes(t.app);
    const jwt = t.app.get(JwtService);
    for (const role of ['admin', 'treasurer', 'board'] as Role[]) {
      const user = await t.userWith(role);
      headers.set(role, user.auth);
      sessions.set(role, await signIn(t, user.email));
      emails.set(role, user.email);
    }
    const board = await t.userWith('board');
    // Sessions that no longer count: ended by time, made up, or opened before a change below.
    const expired = await signIn(t, board.email);
    await t.app.get(DataSource).query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [board.id]);
    await t.app.get(ChangeFeed).settled(); // the session cache hears of a change made in SQL through the database's notification
    sessions.set('expired token', expired);
    sessions.set('tampered token', { cookie: `coffer_session=${'A'.repeat(43)}`, csrf: expired.csrf });
    sessions.set('unknown user token', { cookie: `coffer_session=${randomBytes(32).toString('base64url')}`, csrf: expired.csrf });
    headers.set('anonymous', {});
    headers.set('expired token', { Authorization: `Bearer ${await jwt.signAsync({ sub: board.id }, { expiresIn: -10 })}` });
    // A board member's token with the payload swapped for an admin's id, signature kept.
    const [header, , signature] = board.token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: (await t.userWith('admin')).id, iat: Math.floor(Date.now() / 1000) })).toString('base64url');
    headers.set('tampered token', { Authorization: `Bearer ${header}.${forged}.${signature}` });
    headers.set('unknown user token', { Authorization: `Bearer ${await jwt.signAsync({ sub: randomUUID() })}` });
    // Issue 10 item 11: a password or role change ends the tokens issued before it.
    const users = t.app.get(UsersService);
    const renamed = await t.userWith('admin', 'treasurer', 'board');
    sessions.set('token before password change', await signIn(t, renamed.email));
    await users.update(renamed.id, { password: 'another-password-entirely-1' }, SYSTEM_ACTOR);
    headers.set('token before password change', renamed.auth);
    const demoted = await t.userWith('admin', 'treasurer', 'board');
    sessions.set('token before role change', await signIn(t, demoted.email));
    await users.update(demoted.id, { roles: ['admin', 'treasurer', 'board'].reverse().slice(0, 2) as Role[] }, SYSTEM_ACTOR);
    headers.set('token before role change', demoted.auth);
  }, 180_000);
  afterAll(() => t.close());

  it('finds the routes and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(5);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  // Money out (docs/roles.md): pinned here so loosening a declaration is a visible change.
  const STAFF: Role[] = ['admin', 'treasurer', 'board'];
  const WRITERS: Role[] = ['admin', 'treasurer'];
  it.each<[string, Role[]]>([
    ['POST /api/v1/roles', WRITERS],
    ['PATCH /api/v1/roles/:id', WRITERS],
    ['POST /api/v1/roles/:id/status', WRITERS],
    ['POST /api/v1/roles/:id/payments', WRITERS],
    ['POST /api/v1/roles/:id/payments/:paymentId/reverse', WRITERS],
    ['POST /api/v1/expenses', WRITERS],
    ['POST /api/v1/expenses/:id/reverse', WRITERS],
    ['POST /api/v1/seasons', WRITERS],
    ['POST /api/v1/seasons/:id/status', WRITERS],
    ['POST /api/v1/rates', WRITERS],
    ['POST /api/v1/funds/transfers', ['board']],
    ['GET /api/v1/roles', STAFF],
    ['GET /api/v1/roles/:id/payments', STAFF],
    ['GET /api/v1/expenses', STAFF],
    ['GET /api/v1/seasons', STAFF],
    ['GET /api/v1/funds/:id', STAFF],
    ['GET /api/v1/rates', STAFF],
    ['GET /api/v1/runway', STAFF],
    ['GET /staff', STAFF],
    ['POST /logout', STAFF],
    ['GET /staff/reviews', ['board']],
    ['POST /staff/reviews/:milestoneId', ['board']],
    ['GET /staff/emails', ['admin']],
    ['POST /staff/emails/:id/retry', ['admin']],
    ['GET /staff/audit', ['admin']],
    ['GET /staff/month/:month', WRITERS],
    ['POST /staff/month/:month/import', WRITERS],
    ['POST /staff/month/:month/close', WRITERS],
    // The staff pages that move money, as their API routes.
    ['POST /staff/roles/:id/payments', WRITERS],
    ['POST /staff/expenses', WRITERS],
    ['POST /staff/funds/transfers', ['board']],
    ['POST /staff/donations/new', WRITERS],
    ['POST /staff/users', ['admin']],
    ['POST /staff/updates/:id/send', ['board']],
  ])('%s is open to exactly %j', (route, roles) => {
    const found = routes.find((r) => `${r.method} ${r.path}` === route);
    expect(found?.access).toEqual({ public: false, roles });
  });

  it('lets exactly the allowed identities through every route', async () => {
    const failures: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const url = route.path.replace(/:(\w+)/g, (_, name: string) => (/token/i.test(name) ? `nope-${randomUUID()}` : randomUUID()));
      for (const identity of IDENTITIES) {
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const session = route.staffPage ? sessions.get(identity) : undefined;
        let req = t.http[method](url).set(route.staffPage ? (session ? { Cookie: session.cookie } : {}) : headers.get(identity)!);
        if (method !== 'get' && method !== 'delete') req = route.staffPage ? req.type('form').send({ _csrf: session?.csrf ?? '' }) : req.send({});
        const res = await req;
        checks++;
        // Signing out worked: sign in again for the routes still to check.
        if (route.path === '/logout' && res.status === 303 && res.headers.location === '/login') sessions.set(identity, await signIn(t, emails.get(identity)!));
        const toSignIn = res.status === 303 && String(res.headers.location).startsWith('/login?next=');
        const denied = res.status === 401 || res.status === 403 || (route.staffPage && toSignIn);
        const allowed = route.access?.public === true || (route.access?.public === false && route.access.roles.includes(identity as Role));
        const refusal = route.staffPage ? 303 : 401;
        const expected = allowed ? 'let in' : NO_VALID_TOKEN.includes(identity) ? refusal : 403;
        if (allowed && denied) failures.push(`${route.method} ${route.path} as ${identity}: ${res.status}, expected to be let in`);
        if (!allowed && expected === 303 && !toSignIn) failures.push(`${route.method} ${route.path} as ${identity}: ${res.status}, expected 303 to /login?next=…`);
        else if (!allowed && res.status !== expected) failures.push(`${route.method} ${route.path} as ${identity}: ${res.status}, expected ${expected}`);
        // Stripe's API is off in tests: "not configured" is the server's state, not a crash.
        const stripeOff = res.status === 503 && res.body.code === 'stripe_not_configured';
        if (res.status >= 500 && !stripeOff) failures.push(`${route.method} ${route.path} as ${identity}: ${res.status} ${JSON.stringify(res.body)}`);
        if (route.path.includes(':token') && res.status < 300) failures.push(`${route.method} ${route.path}: an unknown link was accepted`);
      }
    }
    process.stdout.write(`R7 authorization matrix: ${routes.length} routes x ${IDENTITIES.length} identities = ${checks} checks, ${failures.length} wrong\n`);
    expect(failures).toEqual([]);
    // Every route x every identity: the 60 s default ran out twice on a loaded machine.
  }, 180_000);
});
