import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';
import { advanceClock, realClock } from '../setup/clock.js';

describe('staff login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('answers a token, its lifetime and the user for a good password', async () => {
    const user = await t.userWith('treasurer');
    const res = await t.http.post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: user.email, roles: ['treasurer'] } });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const user = await t.userWith('board');
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'not-the-password' }).expect(401);
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@coffer.test', password: 'whatever-it-is' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Email or password is wrong' });
  });

  it('after five wrong passwords from one client, that client waits (answered like a wrong password); other clients do not', async () => {
    const user = await t.userWith('board');
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    // Eight failures: the wait after them (8 s) outlasts this test on a slow machine.
    for (let i = 0; i < 8; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .set(from('203.0.113.7'))
        .send({ email: user.email, password: `wrong-${i}` })
        .expect(401);
    }
    const wrong = await t.http.post('/api/v1/auth/login').set(from('198.51.100.1')).send({ email: user.email, password: 'wrong-elsewhere' }).expect(401);
    const waiting = await t.http.post('/api/v1/auth/login').set(from('203.0.113.7')).send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    expect(waiting.body).toEqual(wrong.body);
    // The owner, from their own address, is not locked out by the stranger's guesses.
    await t.http.post('/api/v1/auth/login').set(from('198.51.100.1')).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  });

  it('resets the count of failures after a good login', async () => {
    const user = await t.userWith('board');
    for (let i = 0; i < 4; i++) await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'nope-nope' }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    for (let i = 0; i < 4; i++) await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'nope-nope' }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  });

  it('refuses a deactivated user at login and with a token issued before', async () => {
    const admin = await t.userWith('admin');
    const user = await t.userWith('treasurer');
    await t.http.delete(`/api/v1/users/${user.id}`).set(admin.auth).expect(200);
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    advanceClock(5_100); // the guard caches a user for 5 s
    try {
      await t.http.get('/api/v1/auth/me').set(user.auth).expect(401);
    } finally {
      realClock();
    }
  });

  it('names missing fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'a@b.c' }).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit per client address', async () => {
    for (let i = 0; i < 3; i++) await t.http.post('/api/v1/auth/login').send({ email: 'x@coffer.test', password: 'whatever-it-is' }).expect(401);
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'x@coffer.test', password: 'whatever-it-is' }).expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
