import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';

/** Where composed messages go: a pooled SMTP connection, or `.eml` files in the embedded default. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Resolves with the server's (or file's) answer; rejects with a nodemailer error. */
  send(message: SendMailOptions & { messageId: string }): Promise<string>;
  close(): void;
}

export interface SmtpSettings {
  url: string;
  connections: number;
}

/**
 * Pooled SMTP. Timeouts are short and explicit so one send can never outlast the worker's
 * lease on its row (the lease is what stops a second worker from sending it again).
 */
export function smtpTransport(settings: SmtpSettings, logger = new Logger('Mail')): MailTransport {
  const transporter = nodemailer.createTransport({
    url: settings.url,
    pool: true,
    maxConnections: settings.connections,
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  // A failing pooled connection is reported here as well as to the send it failed; the send's
  // error is what counts (it decides the retry), but an unheard 'error' event would crash the app.
  transporter.on('error', (error: Error) => logger.warn(`SMTP pool: ${error.message}`));
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transporter.sendMail(message);
      return info.response;
    },
    close: () => transporter.close(),
  };
}

/**
 * The embedded default: each message becomes a readable `.eml` file (open it in any mail
 * client) plus a log line, so a fresh install shows what it would send without a server.
 */
export function fileTransport(dir: string, logger = new Logger('Mail')): MailTransport {
  const folder = resolve(dir);
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'file',
    async send(message) {
      const info = await transporter.sendMail(message);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
      const file = join(folder, `${stamp}-${message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`);
      // The folder is made when a write finds it missing, not before every message (B2: a
      // mkdir per receipt was ~2 % of the app's CPU while a webhook storm queued thousands).
      try {
        await writeFile(file, info.message as Buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await mkdir(folder, { recursive: true });
        await writeFile(file, info.message as Buffer);
      }
      // Debug, not info: the start banner names the folder once; a line per email buries it.
      logger.debug(`Email ${message.messageId} written to ${file}`);
      return `written to ${file}`;
    },
    close: () => transporter.close(),
  };
}
