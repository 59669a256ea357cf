import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { TestApp } from '../setup/test-app.js';

export const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/imports', name));

export interface UploadOptions {
  kind?: string;
  profile?: string;
  filename?: string;
}

/** POST /api/v1/imports as a browser form would: the fields first, then the file. */
export function upload(t: TestApp, auth: { Authorization: string }, body: Buffer, options: UploadOptions = {}) {
  let req = t.http.post('/api/v1/imports').set(auth);
  if (options.kind) req = req.field('kind', options.kind);
  if (options.profile) req = req.field('profile', options.profile);
  return req.attach('file', body, { filename: options.filename ?? 'upload.csv', contentType: 'application/octet-stream' });
}

export function sql<T = Record<string, unknown>>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  return t.app.get(DataSource).query(text, params);
}

export const MEMBERS_HEADER =
  'Name,Email,Discord,Patron Status,Follows You,Free Member,Free Trial,Lifetime Amount,Pledge Amount,Charge Frequency,Tier,Addressee,Street,City,State,Zip,Country,Phone,Patronage Since Date,Last Charge Date,Last Charge Status,Additional Details,User ID,Last Updated,Currency,Max Posts,Access Expiration,Next Charge Date,Full country name,Subscription Source';

/** A Patreon members row for a member id nobody else uses; `i` varies the amount and the day. */
export function memberRow(memberId: string, i: number): string {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const cents = String(i % 100).padStart(2, '0');
  return `Patron ${memberId},patron-${memberId}@example.org,,Active patron,Yes,No,No,${(i % 50) + 10}.${cents},${(i % 20) + 1}.${cents},monthly,Supporter,,,,,,,,2025-01-${day} 10:00:00.000001,2026-10-${day} 07:46:37,Paid,,${memberId},2026-10-${day} 08:01:37.517184,USD,,,2026-11-${day} 07:00:00,,Web`;
}

/** A members export of `rows` paid members with fresh ids (unique across test files and runs). */
export function membersCsv(rows: number): { body: Buffer; prefix: string } {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const lines = [MEMBERS_HEADER];
  for (let i = 0; i < rows; i++) lines.push(memberRow(`${prefix}-${i}`, i));
  return { body: Buffer.from(lines.join('\n') + '\n'), prefix };
}

export function randomIban(): string {
  return `DE${String(10 + (randomBytes(1)[0] % 89))}${BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString()
    .padStart(18, '0')
    .slice(0, 18)}`;
}

/**
 * A multipart upload sent with chunked transfer encoding from an async source, the way a slow
 * or huge client upload arrives: the server cannot know its size in advance.
 */
export async function postStream(
  t: TestApp,
  auth: { Authorization: string },
  fields: Record<string, string>,
  filename: string,
  file: AsyncIterable<Buffer>,
): Promise<{ status: number; body: any }> {
  const { port } = t;
  const boundary = `coffer-${randomBytes(6).toString('hex')}`;
  async function* body(): AsyncGenerator<Buffer> {
    for (const [name, value] of Object.entries(fields)) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`);
    yield* file;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/imports',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    pipeline(Readable.from(body()), req).catch(reject);
  });
}
