import { randomUUID } from 'node:crypto';
import { at, importBank, webhook, World, world } from '../reconciliation/helpers.js';
import { TEST_PASSWORD } from '../setup/test-app.js';
import { UpdateSender } from '../../src/updates/update-sender.service.js';
import { csrfIn, signIn, StaffSessionCookie } from './staff-kit.js';

type User = Awaited<ReturnType<World['t']['userWith']>>;
const MONTH = '2016-10';

/**
 * The board's sponsor updates, the admin's users and the treasurer's two new month actions
 * (match by hand, acknowledge a Stripe finding) as pages: supertest with real sessions, every
 * write checked in the database, bad input answered 400 with nothing written.
 */
describe('staff admin pages: updates, users, manual match and acknowledgement', () => {
  let w: World;
  let admin: User;
  let board: User;
  let treasurer: User;
  let sAdmin: StaffSessionCookie;
  let sBoard: StaffSessionCookie;
  let sTreasurer: StaffSessionCookie;

  beforeAll(async () => {
    w = await world();
    admin = await w.t.userWith('admin');
    board = await w.t.userWith('board');
    treasurer = await w.t.userWith('treasurer');
    sAdmin = await signIn(w.t, admin.email);
    sBoard = await signIn(w.t, board.email);
    sTreasurer = await signIn(w.t, treasurer.email);
  }, 60_000);
  afterAll(() => w?.close());

  const get = (s: StaffSessionCookie, path: string) => w.t.http.get(path).set('Cookie', s.cookie);
  const post = (s: StaffSessionCookie, path: string, form: Record<string, string | string[]>) =>
    w.t.http
      .post(path)
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: s.csrf, ...form });
  const flashOf = async (s: StaffSessionCookie, res: { headers: Record<string, unknown> }) => {
    const cookie = String(([] as string[]).concat((res.headers['set-cookie'] as string[]) ?? []).find((c) => c.startsWith('coffer_flash=')) ?? '').split(';')[0];
    const page = await w.t.http.get(String(res.headers.location)).set('Cookie', `${s.cookie}; ${cookie}`).expect(200);
    return (/role="status"[^>]*>([\s\S]*?)<\/div>/.exec(page.text)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
  };

  it('a board member drafts (a mistake first), edits, previews and sends an update once; the outbox gets one email per sponsor', async () => {
    // Two sponsors who gave to a fund of this test alone (in 2016-10), one reading German.
    const code = `sa-${randomUUID().slice(0, 8)}`;
    await w.t.http
      .post('/api/v1/funds')
      .set(admin.auth)
      .send({ code, name: `Staff admin ${code}` })
      .expect(201);
    const emails = [`sa-en-${randomUUID()}@example.org`, `sa-de-${randomUUID()}@example.org`];
    for (const [i, email] of emails.entries()) {
      await w.t.http
        .post('/api/v1/donations')
        .set(treasurer.auth)
        .send({ channel: 'bank', amount: 1000 + i, currency: 'EUR', receivedAt: `${MONTH}-0${i + 1}`, fund: code, sponsor: { name: `Sponsor ${i}`, email } })
        .expect(201);
    }
    await w.ds.query(`UPDATE sponsors SET locale = 'de' WHERE email = $1`, [emails[1]]);
    const count = async () => (await w.ds.query(`SELECT count(*)::int AS n FROM sponsor_updates`))[0].n as number;
    const before = await count();

    const form = await get(sBoard, '/staff/updates').expect(200);
    expect(form.text).toContain(`value="fund:${code}"`);
    // No subject: 400 naming the problem, the text kept, nothing stored.
    const bad = await post(sBoard, '/staff/updates', { subject: '', body: 'Kept **text**', audience: `fund:${code}`, deSubject: 'Nur deutsch', deBody: '' }).expect(400);
    expect(bad.text).toContain('<title>Error: ');
    expect(bad.text).toContain('href="#f-subject">Enter a subject');
    expect(bad.text).toContain('href="#f-de-body">Enter the German text');
    expect(bad.text).toContain('Kept **text**</textarea>');
    expect(bad.text).toContain('value="Nur deutsch"');
    expect(await count()).toBe(before);
    // A period ending before it starts: the service's refusal, on the form.
    const backwards = await post(sBoard, '/staff/updates', { subject: 'S', body: 'B', audience: 'all', periodFrom: '2016-10-31', periodTo: '2016-10-01' }).expect(400);
    expect(backwards.text).toContain('The period must start on or before its end');
    expect(await count()).toBe(before);

    const created = await post(sBoard, '/staff/updates', {
      subject: 'Autumn news',
      body: '# Signals\n\nSignals work **everywhere** now.',
      audience: `fund:${code}`,
      deSubject: 'Herbstneuigkeiten',
      deBody: 'Signale gehen jetzt **überall**.',
    }).expect(303);
    const id = String(created.headers.location).split('/').pop()!;
    expect(created.headers.location).toBe(`/staff/updates/${id}`);
    expect(await flashOf(sBoard, created)).toContain('The draft is saved');

    // Edit: a bad edit changes nothing; a good one is stored (EditUpdateDto through the service).
    await post(sBoard, `/staff/updates/${id}`, { subject: 'x'.repeat(201), body: 'B', audience: `fund:${code}` }).expect(400);
    const edited = await post(sBoard, `/staff/updates/${id}`, {
      subject: 'Autumn news, edited',
      body: '# Signals\n\nSignals work **everywhere** now.',
      audience: `fund:${code}`,
      includeImpactSummary: 'yes',
      periodFrom: '2016-09-01',
      periodTo: '2016-10-31',
      deSubject: 'Herbstneuigkeiten',
      deBody: 'Signale gehen jetzt **überall**.',
    }).expect(303);
    expect(await flashOf(sBoard, edited)).toBe('The draft is saved.');
    const [row] = await w.ds.query(`SELECT variants, include_impact_summary AS impact, to_char(period_from, 'YYYY-MM-DD') AS "from" FROM sponsor_updates WHERE id = $1`, [id]);
    expect(row).toMatchObject({ variants: { en: { subject: 'Autumn news, edited' }, de: { subject: 'Herbstneuigkeiten' } }, impact: true, from: '2016-09-01' });

    // Preview: the subject and text part on the page, as the preview API renders them; the HTML on its own sandboxed route.
    const api = await w.t.http.get(`/api/v1/updates/${id}/preview?locale=de`).set(board.auth).expect(200);
    const page = await get(sBoard, `/staff/updates/${id}?preview=de`).expect(200);
    expect(page.text).toContain('Herbstneuigkeiten');
    expect(page.text).toContain('Signale gehen jetzt');
    expect(page.text).toContain('Sending now reaches 2 sponsors');
    expect(api.body.text.length).toBeGreaterThan(0);
    const html = await get(sBoard, `/staff/updates/${id}/preview?lang=de`).expect(200);
    expect(html.text).toBe(api.body.html);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain('<strong>überall</strong>');

    // Send: without the confirmation 400 and nothing queued; with it one email per sponsor; a second send refused.
    const queued = async () => (await w.ds.query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key LIKE $1`, [`update:${id}:%`]))[0].n as number;
    const unconfirmed = await post(sBoard, `/staff/updates/${id}/send`, {}).expect(400);
    expect(unconfirmed.text).toContain('href="#f-confirm">Tick the box');
    expect(await queued()).toBe(0);
    const sent = await post(sBoard, `/staff/updates/${id}/send`, { confirm: 'yes' }).expect(303);
    expect(await flashOf(sBoard, sent)).toContain('The update is sent');
    expect(await queued()).toBe(2);
    const outbox = await w.ds.query(`SELECT recipient, locale, status FROM email_outbox WHERE dedupe_key LIKE $1 ORDER BY recipient`, [`update:${id}:%`]);
    expect(outbox.map((o: { recipient: string; locale: string }) => `${o.recipient} ${o.locale}`).sort()).toEqual([`${emails[0]} en`, `${emails[1]} de`].sort());
    const again = await post(sBoard, `/staff/updates/${id}/send`, { confirm: 'yes' }).expect(409);
    expect(again.text).toContain('This update was sent already (2 emails)');
    expect(await queued()).toBe(2);
    const after = await get(sBoard, `/staff/updates/${id}`).expect(200);
    expect(after.text).toContain('2 emails were queued when it was sent.');
    expect(after.text).not.toContain('action="/staff/updates/' + id + '/send"');
    // A sent update can no longer be edited: the API's 409.
    await post(sBoard, `/staff/updates/${id}`, { subject: 'Late', body: 'B', audience: 'all' }).expect(409);
    // The treasurer reads the list (as the API allows) but gets no form.
    const list = await get(sTreasurer, '/staff/updates').expect(200);
    expect(list.text).toContain('Autumn news, edited');
    expect(list.text).not.toContain('action="/staff/updates"');
  });

  it('a double click on send: one send, the other click a 409 page (refused under the sender\'s lock), never "no sponsor was in its audience"', async () => {
    const code = `sa-dbl-${randomUUID().slice(0, 8)}`;
    await w.t.http
      .post('/api/v1/funds')
      .set(admin.auth)
      .send({ code, name: `Double ${code}` })
      .expect(201);
    await w.t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 1200, currency: 'EUR', receivedAt: `${MONTH}-05`, fund: code, sponsor: { name: 'Double', email: `sa-dbl-${randomUUID()}@example.org` } })
      .expect(201);
    const created = await w.t.http
      .post('/api/v1/updates')
      .set(board.auth)
      .send({ subject: `Double ${code}`, body: 'Once.', audience: `fund:${code}`, includeImpactSummary: false })
      .expect(201);
    const id: string = created.body.id;
    const [a, b] = await Promise.all([post(sBoard, `/staff/updates/${id}/send`, { confirm: 'yes' }), post(sBoard, `/staff/updates/${id}/send`, { confirm: 'yes' })]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.text).toContain('This update was sent already (1 emails)');
    expect((await w.ds.query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key LIKE $1`, [`update:${id}:%`]))[0].n).toBe(1);
    // The sender itself refuses for the page, whatever the page read before; the API's send stays idempotent (200, queued 0).
    const sender = w.t.app.get(UpdateSender);
    await expect(sender.send(id, { id: board.id, email: board.email, roles: ['board'] }, { once: true })).rejects.toMatchObject({ kind: 'conflict', code: 'update_sent_before' });
    expect((await w.t.http.post(`/api/v1/updates/${id}/send`).set(board.auth).expect(200)).body.queued).toBe(0);
  });

  it('an admin creates a user (a mistake first), changes their roles — which ends their session — and deactivates them', async () => {
    const email = `sa-user-${randomUUID()}@example.org`;
    const users = async () => (await w.ds.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email]))[0].n as number;
    const bad = await post(sAdmin, '/staff/users', { name: 'Nora Neu', email, roles: ['treasurer'], password: 'short' }).expect(400);
    expect(bad.text).toContain('href="#f-password">Enter a password of 12 to 200 characters');
    expect(bad.text).toContain('value="Nora Neu"');
    expect(bad.text).toMatch(/id="f-roles-treasurer"[^>]*checked/);
    expect(await users()).toBe(0);
    const noRole = await post(sAdmin, '/staff/users', { name: 'Nora Neu', email, password: 'a-long-enough-password' }).expect(400);
    expect(noRole.text).toContain('href="#f-roles-admin">Choose at least one role');
    expect(await users()).toBe(0);

    const created = await post(sAdmin, '/staff/users', { name: 'Nora Neu', email, roles: ['treasurer', 'board'], password: 'a-long-enough-password' }).expect(303);
    expect(await flashOf(sAdmin, created)).toContain('The user is created');
    const [user] = await w.ds.query(`SELECT id, roles FROM users WHERE email = $1`, [email]);
    expect(user.roles.sort()).toEqual(['board', 'treasurer']);
    await post(sAdmin, '/staff/users', { name: 'Nora Again', email, roles: ['board'], password: 'a-long-enough-password' }).expect(409);

    // She signs in with the password the admin chose; a role change ends that session.
    const nora = await signIn(w.t, email, 'a-long-enough-password');
    await get(nora, '/staff/month/2016-09').expect(200);
    // Oldest first, 25 a page (as the API): she is on the last page.
    const [{ n }] = await w.ds.query(`SELECT count(*)::int AS n FROM users`);
    const listed = await get(sAdmin, `/staff/users?page=${Math.ceil(n / 25)}`).expect(200);
    expect(listed.text).toContain(`href="/staff/users/${user.id}"`);
    const changed = await post(sAdmin, `/staff/users/${user.id}`, { name: 'Nora Neu', roles: ['board'], active: 'yes' }).expect(303);
    expect(await flashOf(sAdmin, changed)).toContain('The user is saved');
    expect((await get(nora, '/staff').expect(303)).headers.location).toBe('/login?next=%2Fstaff');
    expect((await w.ds.query(`SELECT roles FROM users WHERE id = $1`, [user.id]))[0].roles).toEqual(['board']);
    // Signed in again as a board member: deactivation ends it too; reactivation lets her sign in again.
    const again = await signIn(w.t, email, 'a-long-enough-password');
    await get(again, '/staff/month/2016-09').expect(403);
    await post(sAdmin, `/staff/users/${user.id}`, { name: 'Nora Neu', roles: ['board'], active: 'no' }).expect(303);
    expect((await get(again, '/staff').expect(303)).headers.location).toBe('/login?next=%2Fstaff');
    await w.t.http.post('/login').type('form').send({ email, password: 'a-long-enough-password' }).expect(401);
    await post(sAdmin, `/staff/users/${user.id}`, { name: 'Nora Neu', roles: ['board'], active: 'yes' }).expect(303);
    await signIn(w.t, email, 'a-long-enough-password');
    // No roles ticked: 400, nothing changed.
    const none = await post(sAdmin, `/staff/users/${user.id}`, { name: 'Nora Neu', active: 'yes' }).expect(400);
    expect(none.text).toContain('Choose at least one role');
    expect((await w.ds.query(`SELECT roles FROM users WHERE id = $1`, [user.id]))[0].roles).toEqual(['board']);
  });

  it("the last active admin's role cannot be taken away: a 409 page, nothing changed", async () => {
    const last = await w.t.userWith('admin');
    const session = await signIn(w.t, last.email);
    // The database is shared by every spec file: the other admins step aside for this test and come back.
    const others: { id: string }[] = await w.ds.query(`SELECT id FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`, [last.id]);
    await w.ds.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [others.map((o) => o.id)]);
    try {
      const refused = await post(session, `/staff/users/${last.id}`, { name: 'Last admin', roles: ['board'], active: 'yes' }).expect(409);
      expect(refused.text).toContain('This is the last active admin');
      expect(refused.text).toMatch(/id="f-roles-board"[^>]*checked/);
      await post(session, `/staff/users/${last.id}`, { name: 'Last admin', roles: ['admin'], active: 'no' }).expect(409);
      const [row] = await w.ds.query(`SELECT roles, active FROM users WHERE id = $1`, [last.id]);
      expect(row).toEqual({ roles: ['admin'], active: true });
    } finally {
      await w.ds.query(`UPDATE users SET active = true WHERE id = ANY($1)`, [others.map((o) => o.id)]);
    }
  });

  it('the treasurer matches a credit to a hand-recorded donation by hand and acknowledges a Stripe finding', async () => {
    const donation = await w.t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 5555, currency: 'EUR', receivedAt: `${MONTH}-03`, sponsor: { name: 'Hanna Hand', email: `sa-hand-${randomUUID()}@example.org` } })
      .expect(201);
    const lines = await importBank(w, [
      { date: `${MONTH}-21`, amount: '55,55', counterparty: 'Hanna Hand', description: 'Gift by hand' },
      { date: `${MONTH}-22`, amount: '12,00', counterparty: 'Someone', description: 'Other amount' },
    ]);
    const charge = w.fake.charge({ amount: 4242, currency: 'EUR', fee: 100, created: at(`${MONTH}-10T12:00:00Z`), email: `sa-ghost-${randomUUID()}@example.org` });
    await webhook(w, 'charge.succeeded', charge);

    const path = `/staff/month/${MONTH}`;
    const page = await get(sTreasurer, path).expect(200);
    expect(page.text).toContain('Match by hand');
    expect(page.text).toContain(`value="${lines.get('Gift by hand')}"`);
    expect(page.text).toContain(`value="donation:${donation.body.id}"`);
    const matches = async () =>
      (await w.ds.query(`SELECT count(*)::int AS n FROM reconciliation_matches WHERE bank_line_id = ANY($1) AND active`, [[...lines.values()]]))[0].n as number;

    // Nothing chosen: 400 naming both, nothing written.
    const empty = await post(sTreasurer, `${path}/match`, { note: 'kept note' }).expect(400);
    expect(empty.text).toContain('href="#f-match-line">Choose the bank line');
    expect(empty.text).toContain('href="#f-match-counterpart">Choose the donation or payout');
    expect(empty.text).toContain('value="kept note"');
    expect(await matches()).toBe(0);
    // Amounts differ: the service's refusal (the API's 409), the choice kept, nothing written.
    const differs = await post(sTreasurer, `${path}/match`, { bankLineId: lines.get('Other amount')!, counterpart: `donation:${donation.body.id}` }).expect(409);
    expect(differs.text).toContain('Not matched: The bank line and the chosen counterpart differ in amount or currency');
    // On a German page the refusal is German (by its code), not the service's English.
    const differsDe = await post(sTreasurer, `${path}/match`, { bankLineId: lines.get('Other amount')!, counterpart: `donation:${donation.body.id}` })
      .set('Cookie', `${sTreasurer.cookie}; coffer_lang=de`)
      .expect(409);
    expect(differsDe.text).toContain('Nicht zugeordnet: Die Bankzeile und das gewählte Gegenstück unterscheiden sich');
    expect(differsDe.text).not.toContain('The bank line is 1200 EUR');
    expect(differs.text).toMatch(new RegExp(`value="${lines.get('Other amount')}" selected`));
    expect(await matches()).toBe(0);

    const matched = await post(sTreasurer, `${path}/match`, {
      bankLineId: lines.get('Gift by hand')!,
      counterpart: `donation:${donation.body.id}`,
      note: 'Announced by phone',
    }).expect(303);
    expect(await flashOf(sTreasurer, matched)).toContain('matched by hand');
    const [m] = await w.ds.query(`SELECT rule, source, state, note, donation_id AS "donationId" FROM reconciliation_matches WHERE bank_line_id = $1 AND active`, [
      lines.get('Gift by hand'),
    ]);
    expect(m).toEqual({ rule: 'manual', source: 'manual', state: 'matched', note: 'Announced by phone', donationId: donation.body.id });
    const [d] = await w.ds.query(`SELECT reconciled_at IS NOT NULL AS reconciled FROM donations WHERE id = $1`, [donation.body.id]);
    expect(d.reconciled).toBe(true);

    // The run finds the Stripe charge the balance never had; it is acknowledged with a reason.
    await post(sTreasurer, `${path}/reconcile`, {}).expect(303);
    const [finding] = await w.ds.query(
      `SELECT r.id FROM reconciliation_matches r JOIN donations d ON d.id = r.donation_id WHERE r.kind = 'donation_not_in_stripe' AND r.active AND d.external_id = $1`,
      [charge.id],
    );
    expect(finding).toBeDefined();
    const withFinding = await get(sTreasurer, path).expect(200);
    expect(withFinding.text).toContain(`<option value="${finding.id}"`);
    const noReason = await post(sTreasurer, `${path}/acknowledge`, { matchId: finding.id, reason: '   ' }).expect(400);
    expect(noReason.text).toContain('href="#f-ack-reason">Enter the reason');
    expect(noReason.text).toMatch(new RegExp(`value="${finding.id}" selected`));
    const noFinding = await post(sTreasurer, `${path}/acknowledge`, { reason: 'Test charge' }).expect(400);
    expect(noFinding.text).toContain('Test charge</textarea>');
    expect((await w.ds.query(`SELECT acknowledged_at FROM reconciliation_matches WHERE id = $1`, [finding.id]))[0].acknowledged_at).toBeNull();
    const acked = await post(sTreasurer, `${path}/acknowledge`, { matchId: finding.id, reason: 'Live-mode test charge, never settled' }).expect(303);
    expect(await flashOf(sTreasurer, acked)).toContain('The finding is acknowledged');
    const [ack] = await w.ds.query(`SELECT acknowledgement, acknowledged_by AS by FROM reconciliation_matches WHERE id = $1`, [finding.id]);
    expect(ack).toEqual({ acknowledgement: 'Live-mode test charge, never settled', by: treasurer.id });
    const twice = await post(sTreasurer, `${path}/acknowledge`, { matchId: finding.id, reason: 'again' }).expect(409);
    expect(twice.text).toContain('already acknowledged');
  });

  it('an id that is not a UUID is a 404 page on the updates and users pages', async () => {
    for (const [s, path] of [
      [sBoard, '/staff/updates/not-a-uuid'],
      [sBoard, '/staff/updates/x/preview'],
      [sAdmin, '/staff/users/not-a-uuid'],
    ] as const) {
      const res = await get(s, path).expect(404);
      expect(res.headers['content-type']).toContain('text/html');
    }
    await post(sBoard, '/staff/updates/x', { subject: 'S', body: 'B', audience: 'all' }).expect(404);
    await post(sBoard, '/staff/updates/x/send', { confirm: 'yes' }).expect(404);
    await post(sAdmin, '/staff/users/x', { name: 'N', roles: ['board'], active: 'yes' }).expect(404);
  });

  it('refuses a form without the CSRF token (403) and the wrong role (403), writing nothing', async () => {
    const before = (await w.ds.query(`SELECT count(*)::int AS n FROM sponsor_updates`))[0].n;
    const noCsrf = await w.t.http.post('/staff/updates').set('Cookie', sBoard.cookie).type('form').send({ subject: 'S', body: 'B', audience: 'all' }).expect(403);
    expect(noCsrf.text).toContain('The form has expired');
    await w.t.http
      .post('/staff/users')
      .set('Cookie', sAdmin.cookie)
      .type('form')
      .send({ name: 'X', email: `x-${randomUUID()}@example.org`, roles: 'board', password: TEST_PASSWORD })
      .expect(403);
    await w.t.http.post(`/staff/month/${MONTH}/match`).set('Cookie', sTreasurer.cookie).type('form').send({}).expect(403);
    // Wrong roles: the API's, route by route.
    expect((await post(sTreasurer, '/staff/updates', { subject: 'S', body: 'B', audience: 'all' }).expect(403)).text).toContain('Not open to your role');
    await post(sAdmin, '/staff/updates', { subject: 'S', body: 'B', audience: 'all' }).expect(403);
    await get(sBoard, '/staff/users').expect(403);
    await get(sTreasurer, '/staff/users').expect(403);
    await post(sBoard, `/staff/month/${MONTH}/acknowledge`, { matchId: randomUUID(), reason: 'r' }).expect(403);
    await post(sBoard, `/staff/month/${MONTH}/match`, {}).expect(403);
    expect((await w.ds.query(`SELECT count(*)::int AS n FROM sponsor_updates`))[0].n).toBe(before);
    // The navigation offers each role its entries.
    const boardNav = await get(sBoard, '/staff').expect(200);
    expect(boardNav.text).toContain('href="/staff/updates"');
    expect(boardNav.text).not.toContain('href="/staff/users"');
    const adminNav = await get(sAdmin, '/staff').expect(200);
    expect(adminNav.text).toContain('href="/staff/users"');
    expect(csrfIn(adminNav.text)).toBe(sAdmin.csrf);
  });
});
