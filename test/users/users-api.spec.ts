import { DataSource } from 'typeorm';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

describe('users (admin)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith('admin');
  });
  afterAll(() => t.close());

  it('creates a user who can log in, never showing the hash', async () => {
    const email = `New.Person-${Date.now()}@Coffer.test`;
    const res = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email, name: 'New Person', roles: ['treasurer', 'board'], password: TEST_PASSWORD })
      .expect(201);
    expect(res.body).toMatchObject({ email: email.toLowerCase(), roles: ['treasurer', 'board'], active: true });
    expect(res.body).not.toHaveProperty('passwordHash');
    await t.http.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  });

  it('refuses a duplicate email (any case) with 409', async () => {
    const res = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: admin.email.toUpperCase(), name: 'Dup', roles: ['board'], password: TEST_PASSWORD })
      .expect(409);
    expect(res.body.message).toContain('already exists');
  });

  it.each([
    [{ email: 'not-an-email', name: 'X', roles: ['board'], password: TEST_PASSWORD }, 'email'],
    [{ email: 'a@b.test', name: 'X', roles: ['root'], password: TEST_PASSWORD }, 'roles'],
    [{ email: 'a@b.test', name: 'X', roles: [], password: TEST_PASSWORD }, 'roles'],
    [{ email: 'a@b.test', name: 'X', roles: ['board'], password: 'short' }, 'password'],
    [{ email: 'a@b.test', name: 'X', roles: ['board'], password: TEST_PASSWORD, isAdmin: true }, 'isAdmin'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await t.http.post('/api/v1/users').set(admin.auth).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('changes roles: tokens issued before end at once (issue 10 item 11), a new login carries the new roles', async () => {
    const user = await t.userWith('board');
    await t.http.get('/api/v1/users').set(user.auth).expect(403);
    await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.auth)
      .send({ roles: ['admin'] })
      .expect(200);
    const old = await t.http.get('/api/v1/auth/me').set(user.auth).expect(401);
    expect(old.body.code).toBe('auth_bad_token');
    const login = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    const list = await t.http.get('/api/v1/users?limit=200').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(list.body).toMatchObject({ page: 1, limit: 200 });
    expect(list.body.total).toBeGreaterThanOrEqual(2);
  });

  it('changes a password: tokens issued before end; a name change alone keeps them', async () => {
    const user = await t.userWith('treasurer');
    await t.http.patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ name: 'Renamed Treasurer' }).expect(200);
    await t.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    await t.http.patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ password: 'a-brand-new-password-42' }).expect(200);
    await t.http.get('/api/v1/auth/me').set(user.auth).expect(401);
    const login = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'a-brand-new-password-42' }).expect(200);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
  });

  it('will not deactivate or demote the last active admin', async () => {
    // Set-up outside the API: make this test's admin the only active one.
    await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE 'admin' = ANY(roles) AND id <> $1`, [admin.id]);
    const refused = await t.http.delete(`/api/v1/users/${admin.id}`).set(admin.auth).expect(409);
    expect(refused.body.message).toMatch(/last active admin/);
    await t.http
      .patch(`/api/v1/users/${admin.id}`)
      .set(admin.auth)
      .send({ roles: ['board'] })
      .expect(409);
    const second = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: `admin2-${Date.now()}@coffer.test`, name: 'Second', roles: ['admin'], password: TEST_PASSWORD })
      .expect(201);
    await t.http
      .patch(`/api/v1/users/${second.body.id}`)
      .set(admin.auth)
      .send({ roles: ['admin', 'board'] })
      .expect(200);
    await t.http.delete(`/api/v1/users/${second.body.id}`).set(admin.auth).expect(200);
    await t.http.delete(`/api/v1/users/${admin.id}`).set(admin.auth).expect(409);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    await t.http.get('/api/v1/users/6f1c2b9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b').set(admin.auth).expect(404);
    await t.http.get('/api/v1/users/42').set(admin.auth).expect(400);
  });
});
