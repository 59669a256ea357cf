import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import { StaffSessionCache } from '../../src/auth/staff-session-cache.js';
import { StaffSessionService } from '../../src/auth/staff-session.service.js';
import { ChangeFeed } from '../../src/database/change-feed.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { SYSTEM_ACTOR } from '../../src/users/role.js';
import { UsersService } from '../../src/users/users.service.js';
import { db } from '../grants/helpers.js';
import { itOnEmbedded, itOnPostgres } from '../setup/real-postgres.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';
import { signIn } from './staff-kit.js';

describe('staff sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', LOGIN_MAX_FAILURES: '2' });
  });
  afterAll(() => t.close());

  const home = (cookie?: string) => (cookie ? t.http.get('/staff').set('Cookie', cookie) : t.http.get('/staff'));
  const expectSignIn = async (cookie: string) => {
    const res = await home(cookie).expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fstaff');
  };

  it('a staff page without a session answers 303 to the sign-in page, remembering where it was', async () => {
    const res = await t.http.get('/staff/reviews?page=2').expect(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/staff/reviews?page=2')}`);
    const form = await t.http.get(res.headers.location).expect(200);
    expect(form.text).toContain('name="next" value="/staff/reviews?page&#x3D;2"');
    expect(form.text).toContain('autocomplete="current-password"');
  });

  it('signs in with an HttpOnly, SameSite=Lax session cookie (no Secure on http) and lands on next', async () => {
    const user = await t.userWith('board');
    const res = await t.http.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '/staff/reviews' }).expect(303);
    expect(res.headers.location).toBe('/staff/reviews');
    const [cookie] = ([] as string[]).concat(res.headers['set-cookie']).filter((c) => c.startsWith('coffer_session='));
    expect(cookie).toMatch(/^coffer_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    const [row] = await db(t).query(`SELECT encode(id, 'hex') AS id, user_id AS "userId" FROM staff_sessions WHERE user_id = $1`, [user.id]);
    expect(row.userId).toBe(user.id);
    // Only the hash is stored: the cookie's token appears nowhere in the table.
    expect(row.id).not.toContain(cookie.split(';')[0].split('=')[1]);
    const page = await home(cookie.split(';')[0]).expect(200);
    expect(page.text).toContain('Signed in as Test board');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['//evil.example/x', '/staff'],
    ['https://evil.example/', '/staff'],
    ['/\\evil.example', '/staff'],
    ['javascript:alert(1)', '/staff'],
    ['/staff/emails?status=failed', '/staff/emails?status=failed'],
  ])('next=%s goes to %s after signing in', async (next, location) => {
    const user = await t.userWith('admin');
    const res = await t.http.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next }).expect(303);
    expect(res.headers.location).toBe(location);
  });

  it('a wrong password answers 401 with the same words as an unknown address, and the API throttle applies', async () => {
    const user = await t.userWith('treasurer');
    const wrong = await t.http.post('/login').type('form').send({ email: user.email, password: 'not-the-password' }).expect(401);
    const unknown = await t.http.post('/login').type('form').send({ email: 'nobody@coffer.test', password: 'not-the-password' }).expect(401);
    const message = (html: string) => /<p class="field-error"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1];
    expect(message(wrong.text)).toBe(message(unknown.text));
    expect(wrong.text).toContain(`value="${user.email}"`);
    // LOGIN_MAX_FAILURES=2: after the second failure even the right password waits, on the page as in the API.
    await t.http.post('/login').type('form').send({ email: user.email, password: 'not-the-password' }).expect(401);
    await t.http.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
  });

  it('refuses a sign-in form posted from another site (login CSRF)', async () => {
    const user = await t.userWith('admin');
    await t.http.post('/login').set('Origin', 'https://evil.example').type('form').send({ email: user.email, password: TEST_PASSWORD }).expect(403);
    await t.http.post('/login').set('Sec-Fetch-Site', 'cross-site').type('form').send({ email: user.email, password: TEST_PASSWORD }).expect(403);
    await t.http.post('/login').set('Sec-Fetch-Site', 'same-origin').set('Origin', 'null').type('form').send({ email: user.email, password: TEST_PASSWORD }).expect(303);
  });

  it("a POST without the CSRF token, or with another session's, is refused with 403 and changes nothing", async () => {
    const user = await t.userWith('admin');
    const mine = await signIn(t, user.email);
    const other = await signIn(t, (await t.userWith('admin')).email);
    const missing = await t.http.post('/logout').set('Cookie', mine.cookie).type('form').send({}).expect(403);
    expect(missing.text).toContain('The form has expired');
    await t.http.post('/logout').set('Cookie', mine.cookie).type('form').send({ _csrf: other.csrf }).expect(403);
    await home(mine.cookie).expect(200);
  });

  it('sign-out ends the session: the same cookie opens nothing afterwards', async () => {
    const user = await t.userWith('treasurer');
    const s = await signIn(t, user.email);
    const out = await t.http.post('/logout').set('Cookie', s.cookie).type('form').send({ _csrf: s.csrf }).expect(303);
    expect(out.headers.location).toBe('/login');
    expect(String(out.headers['set-cookie'])).toContain('coffer_session=; Path=/; Max-Age=0');
    await expectSignIn(s.cookie);
    const [{ n }] = await db(t).query(`SELECT count(*)::int AS n FROM staff_sessions WHERE user_id = $1`, [user.id]);
    expect(n).toBe(0);
  });

  it.each([
    ['a password change', { password: 'another-password-entirely-2' }],
    ['a role change', { roles: ['board'] }],
    ['deactivation', { active: false }],
  ])('%s ends every session of the user at once', async (_, change) => {
    const user = await t.userWith('admin', 'treasurer');
    await t.userWith('admin'); // so deactivating this admin is not refused as the last one
    const s = await signIn(t, user.email);
    await home(s.cookie).expect(200);
    await t.app.get(UsersService).update(user.id, change as never, SYSTEM_ACTOR);
    await expectSignIn(s.cookie);
  });

  it('a session idle for longer than SESSION_IDLE_MINUTES has ended; use slides the expiry', async () => {
    const user = await t.userWith('board');
    const s = await signIn(t, user.email);
    await db(t).query(`UPDATE staff_sessions SET last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '1 minute' WHERE user_id = $1`, [user.id]);
    // A change made behind the app's back (here, time passing) reaches its session cache through the database's notification.
    await t.app.get(ChangeFeed).settled();
    await home(s.cookie).expect(200);
    const [slid] = await db(t).query(`SELECT expires_at > now() + interval '7 hours' AS slid FROM staff_sessions WHERE user_id = $1`, [user.id]);
    expect(slid.slid).toBe(true);
    await db(t).query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    await t.app.get(ChangeFeed).settled();
    await expectSignIn(s.cookie);
  });

  describe('the session cache (B7)', () => {
    const live = async () => {
      const feed = t.app.get(ChangeFeed);
      for (let i = 0; i < 100 && !feed.live; i++) await new Promise((r) => setTimeout(r, 50));
      return feed.live;
    };
    /** Deletes the session's row without its trigger, as if the notification were lost: only a cache can still open pages. */
    const deleteUnannounced = (userId: string) =>
      db(t).transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`DELETE FROM staff_sessions WHERE user_id = $1`, [userId]);
      });

    // Each database has its own behaviour here: PostgreSQL keeps sessions once its feed is live,
    // the embedded one never does.
    itOnPostgres('on PostgreSQL the feed goes live and a session is kept: pages open without its row until it is forgotten', async () => {
      expect(await live()).toBe(true);
      const user = await t.userWith('board');
      const s = await signIn(t, user.email);
      await home(s.cookie).expect(200);
      expect(t.app.get(StaffSessionCache).size).toBeGreaterThan(0);
      await deleteUnannounced(user.id);
      await home(s.cookie).expect(200);
      // A change that the database announces (the user's name, here made in SQL as an operator would) reaches the cache.
      await db(t).query(`UPDATE users SET name = 'Renamed board' WHERE id = $1`, [user.id]);
      await t.app.get(ChangeFeed).settled();
      await expectSignIn(s.cookie);
    });

    itOnPostgres('a deactivation in SQL ends a kept session as soon as its notification is in; sign-out ends it here at once', async () => {
      expect(await live()).toBe(true);
      const user = await t.userWith('treasurer');
      const s = await signIn(t, user.email);
      await home(s.cookie).expect(200);
      await db(t).query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
      await t.app.get(ChangeFeed).settled();
      await expectSignIn(s.cookie);
      const other = await signIn(t, (await t.userWith('treasurer')).email);
      await home(other.cookie).expect(200);
      await t.http.post('/logout').set('Cookie', other.cookie).type('form').send({ _csrf: other.csrf }).expect(303);
      await expectSignIn(other.cookie);
    });

    itOnEmbedded('on the embedded database nothing is kept: notifications come back on the committing connection, so the feed never goes live', async () => {
      const user = await t.userWith('board');
      const s = await signIn(t, user.email);
      await home(s.cookie).expect(200);
      await home(s.cookie).expect(200);
      expect(t.app.get(ChangeFeed).live).toBe(false);
      expect(t.app.get(StaffSessionCache).size).toBe(0);
      await deleteUnannounced(user.id);
      await expectSignIn(s.cookie);
    });
  });

  it('a role without the page gets 403; a bearer token does not open staff pages; the API still takes it', async () => {
    const board = await t.userWith('board');
    const s = await signIn(t, board.email);
    const refused = await t.http.get('/staff/emails').set('Cookie', s.cookie).expect(403);
    expect(refused.text).toContain('Not open to your role');
    expect(refused.text).not.toContain('href="/staff/emails"'); // the navigation offers only what the roles open
    expect(refused.text).toContain('href="/staff/reviews"');
    await t.http.get('/staff/reviews').set('Cookie', s.cookie).expect(200);
    await t.http.get('/staff/audit').set('Cookie', s.cookie).expect(403);
    const admin = await signIn(t, (await t.userWith('admin')).email);
    expect((await t.http.get('/staff/audit?verify=1').set('Cookie', admin.cookie).expect(200)).text).toContain('The chain is intact');
    await t.http.get('/staff').set(board.auth).expect(303);
    await t.http.get('/api/v1/milestones/review-queue').set(board.auth).expect(200);
    // …and the session cookie does not open the API (no CSRF protection there).
    await t.http.get('/api/v1/milestones/review-queue').set('Cookie', s.cookie).expect(401);
  });

  it('with an https APP_URL the cookie is Secure and __Host- prefixed', async () => {
    const user = await t.userWith('board');
    const config = { get: (key: string) => (key === 'APP_URL' ? 'https://coffer.example.org' : 480) } as unknown as ConfigService;
    const sessions = new StaffSessionService(t.app.get(TransactionService), config as never, t.app.get(StaffSessionCache));
    const headers: string[] = [];
    const reply = { header: (name: string, value: string) => (name === 'set-cookie' && headers.push(value), reply) } as unknown as FastifyReply;
    await sessions.open(reply, user.id, 0);
    expect(headers[0]).toMatch(/^__Host-coffer_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax; Secure$/);
  });
});
