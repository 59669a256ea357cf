import { Writable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Body, Controller, Get, Logger, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { Public } from '../../src/auth/access.decorator.js';
import { AppLogger } from '../../src/common/logging/app-logger.js';
import { LoggingModule, loggingParams } from '../../src/common/logging/logging.module.js';
import { requestIdOf } from '../../src/common/logging/request-id.js';
import { configModule, loadConfig } from '../../src/config/config.js';

/** Logs from inside a request, before and after awaiting, as services do. */
@Controller('probe')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get('status/:token')
  @Public()
  async read(@Param('token') token: string) {
    this.logger.log(`reading ${token.length}-character link`);
    await new Promise((r) => setTimeout(r, 5));
    this.logger.warn('still the same request after a timer');
    return { ok: true };
  }

  @Post()
  @Public()
  async write(@Body() body: { note: string }) {
    await new Promise((r) => setImmediate(r));
    this.logger.log(`note from ann@example.org: ${body.note}`);
    return { ok: true };
  }
}

describe('request-scoped logging (nestjs-pino)', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => (
      String(chunk)
        .split('\n')
        .filter(Boolean)
        .forEach((l) => lines.push(JSON.parse(l))),
      done()
    ),
  });
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
  const params = loggingParams(config.logging, sink);
  let app: NestFastifyApplication;

  @Module({ imports: [configModule(config), LoggingModule.forRoot(config.logging)], controllers: [ProbeController] })
  class ProbeModule {}

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      ProbeModule,
      new FastifyAdapter({ requestIdHeader: false, genReqId: (raw: unknown) => requestIdOf(raw as IncomingMessage) }),
      {
        logger: new AppLogger(new PinoLogger(params), params),
        abortOnError: false,
      },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('every line a request causes carries its id, also after awaits and body parsing', async () => {
    await request(app.getHttpServer()).get('/probe/status/secret-link-token').set('x-request-id', 'trace-get-1').expect(200);
    await request(app.getHttpServer()).post('/probe').set('x-request-id', 'trace-post-2').send({ note: 'hello' }).expect(201);
    const probe = lines.filter((l) => l.context === 'Probe');
    expect(probe.map((l) => [l.msg, l.reqId])).toEqual([
      ['reading 17-character link', 'trace-get-1'],
      ['still the same request after a timer', 'trace-get-1'],
      ['note from [email]: hello', 'trace-post-2'],
    ]);
    // At debug, each request is also logged once on completion, with its URL redacted.
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => (l.req as { url: string }).url)).toEqual(['/probe/status/[redacted]', '/probe']);
    expect(completed.map((l) => l.reqId)).toEqual(['trace-get-1', 'trace-post-2']);
    expect(JSON.stringify(lines)).not.toContain('secret-link-token');
  });

  it('a request without an id gets a fresh one; a malformed id is replaced', async () => {
    const before = lines.length;
    await request(app.getHttpServer()).get('/probe/status/x').set('x-request-id', 'bad id {"level":60}').expect(200);
    const ids = lines
      .slice(before)
      .filter((l) => l.context === 'Probe')
      .map((l) => l.reqId as string);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it("Nest's start-up narration (modules, routes) is at debug, not info", () => {
    const startUp = lines.filter((l) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication'].includes(l.context as string));
    expect(startUp.length).toBeGreaterThan(3);
    expect(startUp.every((l) => l.level === 20)).toBe(true);
  });
});
