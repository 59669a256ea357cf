import { createTestApp, TestApp } from '../setup/test-app.js';

describe('HTTP basics every client sees', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('refuses a body over the limit with 413 in the error shape', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(5000) }))
      .expect(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('sends security headers and a request id, and echoes a given one', async () => {
    const res = await t.http.get('/health').set('x-request-id', 'req-abc-123').expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'x-request-id': 'req-abc-123',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const other = await t.http.get('/health').expect(200);
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the database in /health', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('rejects pagination beyond 200 with a field-level message', async () => {
    const admin = await t.userWith('admin');
    const res = await t.http.get('/api/v1/users?limit=500').set(admin.auth).expect(400);
    expect(res.body.details).toEqual([{ field: 'limit', message: 'limit must not be greater than 200' }]);
  });
});
