import type { TestApp } from '../setup/test-app.js';
import { TEST_PASSWORD } from '../setup/test-app.js';

export interface StaffSessionCookie {
  /** `Cookie` header value that carries the session. */
  cookie: string;
  /** The session's CSRF token, read from the sign-out form of a staff page. */
  csrf: string;
}

/** Signs in through `POST /login` like a browser and returns the session cookie and its CSRF token. */
export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<StaffSessionCookie> {
  const res = await t.http.post('/login').type('form').send({ email, password, next: '/staff' }).expect(303);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = setCookie.find((c) => c.startsWith('coffer_session=') || c.startsWith('__Host-coffer_session='));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  const cookie = session.split(';')[0];
  const page = await t.http.get('/staff').set('Cookie', cookie).expect(200);
  return { cookie, csrf: csrfIn(page.text) };
}

export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}
