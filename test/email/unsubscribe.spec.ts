import { TransactionService } from '../../src/database/transaction.service.js';
import { EmailTemplate } from '../../src/email/email-template.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { SuppressionService } from '../../src/email/suppression.service.js';
import { makeToken, unsubscribeKey } from '../../src/email/unsubscribe-token.js';
import { UnsubscribeService } from '../../src/email/unsubscribe.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, APP_URL, enqueue, parkOtherEmails, Queued, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

/** The header block of a received message, unfolded, as name (lower case) → value. */
function headers(raw: string): Map<string, string> {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new Map(head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

describe('unsubscribe links and the suppression list', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    await parkOtherEmails(t.app);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  async function send(emails: Parameters<typeof enqueue>[1]): Promise<(Queued & { headers: Map<string, string> })[]> {
    const queued = await enqueue(t.app, emails);
    await t.app.get(OutboxWorker).drain();
    return queued.map((q) => ({ ...q, headers: headers(sink.find(q.messageId)?.raw ?? '') }));
  }
  const tokenOf = (h: Map<string, string>) => /\/unsubscribe\/([^>]+)>$/.exec(h.get('list-unsubscribe') ?? '')![1];

  it('puts one-click List-Unsubscribe headers on bulk and sponsor email, and none on transactional email', async () => {
    const [update, receipt, interest] = await send([
      { template: EmailTemplate.SponsorUpdate, to: address('hdr-bulk'), category: 'bulk' },
      { template: EmailTemplate.DonationReceipt, to: address('hdr-receipt') },
      { template: EmailTemplate.InterestReceived, to: address('hdr-interest') },
    ]);
    expect(update.headers.get('message-id')).toBe(update.messageId);
    expect(update.headers.get('list-unsubscribe')).toMatch(new RegExp(`^<${APP_URL}/unsubscribe/[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}>$`));
    expect(update.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(update.headers.get('precedence')).toBe('bulk');
    expect(receipt.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(receipt.headers.has('precedence')).toBe(false);
    expect(interest.headers.get('message-id')).toBe(interest.messageId);
    expect(interest.headers.has('list-unsubscribe')).toBe(false);
    expect(interest.headers.get('auto-submitted')).toBe('auto-generated');
    // The same link is in the text part, for people whose client shows no unsubscribe button.
    expect(sink.find(update.messageId)!.raw).toContain(tokenOf(update.headers).slice(0, 20));
  });

  it('GET describes without acting; one-click POST unsubscribes that address from that category only', async () => {
    const to = address('ada');
    const [update] = await send([{ template: EmailTemplate.SponsorUpdate, to, category: 'bulk' }]);
    const token = tokenOf(update.headers);

    const described = await t.http.get(`/api/v1/unsubscribe/${token}`).expect(200);
    expect(described.body).toEqual({ email: `a•••@${to.split('@')[1]}`, category: 'updates', unsubscribed: false, how: expect.stringMatching(/POST/) });
    expect(await t.app.get(SuppressionService).isSuppressed(to, 'updates')).toBe(false);

    // A browser on a link from an older email is sent on to the page (SPEC §11), which only asks.
    const old = await t.http.get(`/api/v1/unsubscribe/${token}`).set('Accept', 'text/html').expect(303);
    expect(old.headers.location).toBe(`/unsubscribe/${token}`);
    const page = await t.http.get(`/unsubscribe/${token}`).set('Accept', 'text/html').set('Accept-Language', 'de-DE,de;q=0.9').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toMatch(
      /<form method="post" action="\/unsubscribe\/[^"]+" novalidate>\s*<input type="hidden" name="List-Unsubscribe" value="One-Click">\s*<button class="button" type="submit">Abbestellen<\/button>/,
    );
    expect(await t.app.get(SuppressionService).isSuppressed(to, 'updates')).toBe(false);

    // Exactly what a mail client sends for RFC 8058 one-click.
    const done = await t.http.post(`/api/v1/unsubscribe/${token}`).set('Content-Type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.body).toMatchObject({ category: 'updates', unsubscribed: true });
    const suppressions = t.app.get(SuppressionService);
    expect(await suppressions.isSuppressed(to.toUpperCase(), 'updates')).toBe(true);
    expect(await suppressions.isSuppressed(to, 'receipts')).toBe(false);
    expect(await suppressions.isSuppressed(address('someone-else'), 'updates')).toBe(false);
    // Repeating it is harmless.
    await t.http
      .post(`/api/v1/unsubscribe/${token}`)
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .send('--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n')
      .expect(200);

    // The worker honours it: the next update is not sent, a receipt still is.
    const [later, receipt] = await send([
      { template: EmailTemplate.SponsorUpdate, to, category: 'bulk' },
      { template: EmailTemplate.DonationReceipt, to },
    ]);
    const [laterRow, receiptRow] = await rows(t.app, [later.id, receipt.id]).then((r) => [r.find((x) => x.id === later.id)!, r.find((x) => x.id === receipt.id)!]);
    expect(laterRow).toMatchObject({ status: 'suppressed', last_error: 'recipient unsubscribed from updates email' });
    expect(sink.find(later.messageId)).toBeUndefined();
    expect(receiptRow.status).toBe('sent');
    // Receipts carry their own link, for the receipts category.
    const receiptTarget = await t.http.get(`/api/v1/unsubscribe/${tokenOf(receipt.headers)}`).expect(200);
    expect(receiptTarget.body).toMatchObject({ category: 'receipts', unsubscribed: false });
  });

  it('honours an "all" suppression for every sponsor email but never for transactional email', async () => {
    const to = address('all');
    await t.app.get(SuppressionService).suppress(to, 'all', 'staff');
    const [update, receipt, interest] = await send([
      { template: EmailTemplate.SponsorUpdate, to, category: 'bulk' },
      { template: EmailTemplate.AnnualStatement, to },
      { template: EmailTemplate.InterestReceived, to },
    ]);
    const final = new Map((await rows(t.app, [update.id, receipt.id, interest.id])).map((r) => [r.id, r.status]));
    expect([final.get(update.id), final.get(receipt.id), final.get(interest.id)]).toEqual(['suppressed', 'suppressed', 'sent']);
  });

  it('refuses forged, altered, revoked and other-address tokens with one 404 and writes nothing', async () => {
    const victim = address('victim');
    const [mail] = await send([{ template: EmailTemplate.SponsorUpdate, to: victim, category: 'bulk' }]);
    const token = tokenOf(mail.headers);
    const [id, mac] = token.split('.');
    const flip = (s: string) => (s[5] === 'A' ? `${s.slice(0, 5)}B${s.slice(6)}` : `${s.slice(0, 5)}A${s.slice(6)}`);
    const forged = [
      `${id}.${flip(mac)}`, // tampered signature
      `${flip(id)}.${mac}`, // another row
      makeToken(unsubscribeKey('a-guessed-secret-a-guessed-secret-000'), { id: '00000000-0000-4000-8000-000000000000', emailLower: victim, category: 'updates' }),
      'not-a-token',
      `${id}.${mac}x`,
    ];
    for (const bad of forged) {
      const res = await t.http.post(`/api/v1/unsubscribe/${encodeURIComponent(bad)}`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'unsubscribe_link_invalid' });
    }
    await t.http
      .get(`/api/v1/unsubscribe/${flip(id)}.${mac}`)
      .set('Accept', 'text/html')
      .expect(303);
    const html = await t.http
      .get(`/unsubscribe/${flip(id)}.${mac}`)
      .set('Accept', 'text/html')
      .expect(404);
    expect(html.text).toContain('the link has expired');

    // A token cannot be moved to another address, even by editing its row in the database.
    const other = address('attacker');
    const db = t.app.get(TransactionService);
    const [row] = await db.manager.query(`SELECT id FROM email_unsubscribe_token WHERE email_lower = lower($1)`, [victim]);
    await db.run((m) => m.query(`UPDATE email_unsubscribe_token SET email_lower = lower($1) WHERE id = $2`, [other, row.id]));
    await t.http.post(`/api/v1/unsubscribe/${token}`).expect(404);
    await db.run((m) => m.query(`UPDATE email_unsubscribe_token SET email_lower = lower($1) WHERE id = $2`, [victim, row.id]));

    const suppressions = t.app.get(SuppressionService);
    expect(await suppressions.isSuppressed(victim, 'updates')).toBe(false);
    expect(await suppressions.isSuppressed(other, 'updates')).toBe(false);

    // Only the hash is stored, never the token.
    const [stored] = await db.manager.query(`SELECT encode(token_hash, 'hex') AS hash FROM email_unsubscribe_token WHERE id = $1`, [row.id]);
    expect(JSON.stringify(stored)).not.toContain(mac);

    // Revoked: the link stops working; the next email gets a new one that works.
    await t.http.get(`/api/v1/unsubscribe/${token}`).expect(200);
    expect(await t.app.get(UnsubscribeService).revoke(victim)).toBe(1);
    await t.http.get(`/api/v1/unsubscribe/${token}`).expect(404);
    const [next] = await send([{ template: EmailTemplate.SponsorUpdate, to: victim, category: 'bulk' }]);
    expect(tokenOf(next.headers)).not.toBe(token);
    await t.http.post(`/api/v1/unsubscribe/${tokenOf(next.headers)}`).expect(200);
    expect(await suppressions.isSuppressed(victim, 'updates')).toBe(true);
  });

  it('reuses one link per address and category across emails', async () => {
    const to = address('reuse');
    const [a, b] = await send([
      { template: EmailTemplate.SponsorUpdate, to, category: 'bulk' },
      { template: EmailTemplate.SponsorUpdate, to: to.toUpperCase(), category: 'bulk' },
    ]);
    expect(tokenOf(a.headers)).toBe(tokenOf(b.headers));
  });
});
