import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmailTemplate } from '../../src/email/email-template.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';

describe('the embedded default: .eml files instead of SMTP', () => {
  let t: TestApp;
  const mailDir = join(process.env.MAIL_DIR!, 'eml-test');
  beforeAll(async () => {
    t = await createTestApp({ SMTP_URL: '', MAIL_DIR: mailDir, MAIL_FROM: 'Redox OS <donate@redox-os.test>' });
    await parkOtherEmails(t.app);
  });
  afterAll(() => t.close());

  it('writes each email as a readable .eml file named after its Message-ID and marks it sent', async () => {
    const [q] = await enqueue(t.app, [{ template: EmailTemplate.DonationReceipt, to: address('eml'), locale: 'de' }]);
    const result = await t.app.get(OutboxWorker).drain();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [row] = await rows(t.app, [q.id]);
    expect(row.status).toBe('sent');

    const name = readdirSync(mailDir).find((f) => f.includes(q.id));
    expect(name).toMatch(/^\d{8}T\d{6}-[0-9a-f-]{36}@coffer\.test\.eml$/);
    const eml = readFileSync(join(mailDir, name!), 'utf8');
    // Unfolded: long header lines are folded onto continuation lines (RFC 5322).
    const head = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    expect(head).toMatch(/^From: Redox OS <donate@redox-os\.test>$/m);
    expect(head).toContain(`To: ${q.to}`);
    expect(head).toContain(`Message-ID: ${q.messageId}`);
    expect(head).toMatch(/^Subject: =\?UTF-8\?Q\?Vielen_Dank_f=C3=BCr_Ihre_Spende_/m);
    expect(decodeWords(/^Subject: (.*)$/m.exec(head)![1])).toBe('Vielen Dank für Ihre Spende über €25.00');
    expect(head).toMatch(/^List-Unsubscribe: <http:\/\/coffer\.test\/unsubscribe\/[^>]+>$/m);
    expect(head).toMatch(/^Date: /m);
    expect(eml).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(eml).toMatch(/Content-Type: text\/html; charset=utf-8/);
    expect(eml).toContain('Hallo ');
  });
});

/** RFC 2047 encoded-words (Q encoding), as any mail client decodes a subject. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, text: string) =>
    Buffer.from(
      text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8'),
  );
}
