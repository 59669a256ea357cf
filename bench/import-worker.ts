/**
 * One B4 import in a process of its own, so each size's peak RSS is its own: starts the app on the
 * benchmark database, uploads one file streamed from disk (chunked, as a browser or curl would
 * send a large file), prints {ms, status, body, peakRssMb, baseRssMb} as JSON.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { createApp } from '../src/app.factory.js';

const [file, kind] = process.argv.slice(2);

async function main(): Promise<void> {
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }),
  }).then((r) => r.json() as Promise<{ accessToken: string }>);

  const boundary = 'b4-bench-boundary';
  async function* body(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench"\r\n\r\n`,
    );
    for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  // What the memory was made of at the peak (MB): the V8 heap, and Buffers and other memory outside it.
  let atPeak: Record<string, number> = {};
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss <= peakRss) return;
    peakRss = usage.rss;
    atPeak = { heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers) };
  }, 20);
  const started = process.hrtime.bigint();
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/imports',
        headers: { authorization: `Bearer ${login.accessToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    pipeline(Readable.from(body()), req).catch(reject);
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  // Where the heap's committed memory is at the end (MB): what peak RSS is made of besides the code.
  const heapMb = Object.fromEntries(
    getHeapSpaceStatistics()
      .filter((s) => s.space_size > 1 << 20)
      .map((s) => [s.space_name, Math.round(s.space_size / 1048576)]),
  );
  await app.close();
  process.stdout.write(
    `${JSON.stringify({ ms, status: answer.status, body: JSON.parse(answer.body), baseRssMb: mb(baseRss), peakRssMb: mb(peakRss), atPeakMb: atPeak, heapMb })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
