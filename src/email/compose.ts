import type { SendMailOptions } from 'nodemailer/lib/mailer';
import type { RenderedEmail } from './template-renderer.js';

export interface Envelope {
  from: string;
  to: string;
  messageId: string;
  bulk: boolean;
  unsubscribeUrl?: string;
}

/**
 * The message as sent. The Message-ID is the outbox row's, identical on every attempt, so a
 * receiver can drop the copy a crash between "sent" and "marked sent" may cause.
 * `List-Unsubscribe-Post` makes the link one-click (RFC 8058): mail clients POST to it.
 */
export function compose(rendered: RenderedEmail, envelope: Envelope): SendMailOptions & { messageId: string } {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  if (envelope.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${envelope.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (envelope.bulk) headers['Precedence'] = 'bulk';
  return {
    from: envelope.from,
    to: envelope.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: envelope.messageId,
    headers,
  };
}

/** The display name of MAIL_FROM ("Redox OS <donate@redox-os.org>" → "Redox OS"), for templates. */
export function senderName(mailFrom: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(mailFrom);
  return match?.[1]?.trim() || 'Coffer';
}
