import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Min } from 'class-validator';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Public } from '../../src/auth/access.decorator.js';
import { HttpExceptionFilter } from '../../src/common/errors/http-exception.filter.js';
import { createValidationPipe } from '../../src/common/errors/validation.pipe.js';
import { Idempotent } from '../../src/common/idempotency/idempotent.decorator.js';
import { IdempotencyInterceptor } from '../../src/common/idempotency/idempotency.interceptor.js';
import { configModule, loadConfig } from '../../src/config/config.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { stopEmbeddedDatabase } from '../../src/database/database-url.js';
import { TransactionService } from '../../src/database/transaction.service.js';

class PaymentDto {
  @IsInt()
  @Min(1)
  amount: number;

  @IsString()
  reference: string;
}

/** A money-creating endpoint of the kind @Idempotent() protects, slow enough to race. */
@Controller('payments')
class PaymentsController {
  constructor(private readonly tx: TransactionService) {}

  @Post()
  @Public()
  @Idempotent()
  create(@Body() dto: PaymentDto) {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`INSERT INTO idem_payments (amount, reference) VALUES ($1, $2) RETURNING id::text, amount, reference`, [dto.amount, dto.reference]);
      await m.query(`SELECT pg_sleep(0.2)`);
      if (dto.reference === 'explode') throw new Error('boom after writing');
      return row;
    });
  }
}

@Module({
  imports: [configModule(loadConfig()), DatabaseModule],
  controllers: [PaymentsController],
  providers: [IdempotencyInterceptor],
})
class IdempotencyTestModule {}

describe('Idempotency-Key', () => {
  let app: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  let db: DataSource;
  const rowsFor = async (reference: string) => (await db.query(`SELECT count(*)::int AS n FROM idem_payments WHERE reference = $1`, [reference]))[0].n as number;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(IdempotencyTestModule, new FastifyAdapter(), { logger: false, abortOnError: false });
    app.useGlobalFilters(new HttpExceptionFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    db = app.get(DataSource);
    await db.query(`CREATE TABLE IF NOT EXISTS idem_payments (id bigserial PRIMARY KEY, amount bigint NOT NULL, reference text NOT NULL)`);
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await stopEmbeddedDatabase();
  });

  it('replays the first answer for the same key and body, creating one record', async () => {
    const key = randomUUID();
    const body = { amount: 2500, reference: `r-${key}` };
    const first = await http.post('/payments').set('Idempotency-Key', key).send(body).expect(201);
    const again = await http.post('/payments').set('Idempotency-Key', key).send({ reference: body.reference, amount: 2500 }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsFor(body.reference)).toBe(1);
  });

  it('answers 409 for the same key with another body, writing nothing', async () => {
    const key = randomUUID();
    await http
      .post('/payments')
      .set('Idempotency-Key', key)
      .send({ amount: 100, reference: `a-${key}` })
      .expect(201);
    const res = await http
      .post('/payments')
      .set('Idempotency-Key', key)
      .send({ amount: 999, reference: `b-${key}` })
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
    expect(await rowsFor(`b-${key}`)).toBe(0);
  });

  it('R5: the same key twice at once gives one record and the same answer twice', async () => {
    const key = randomUUID();
    const body = { amount: 4200, reference: `race-${key}` };
    const answers = await Promise.all([1, 2, 3].map(() => http.post('/payments').set('Idempotency-Key', key).send(body)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const rows = await rowsFor(body.reference);
    expect(rows).toBe(1);
    process.stdout.write(`R5 idempotency race: 3 concurrent requests with one key, ${rows} record, ${answers.filter((a) => a.headers['idempotent-replayed']).length} replays\n`);
  });

  it('keeps nothing when the request fails, so a retry runs for real', async () => {
    const key = randomUUID();
    await http.post('/payments').set('Idempotency-Key', key).send({ amount: 1, reference: 'explode' }).expect(500);
    expect(await rowsFor('explode')).toBe(0);
    await http.post('/payments').set('Idempotency-Key', key).send({ amount: 0, reference: 'invalid' }).expect(400);
    await http
      .post('/payments')
      .set('Idempotency-Key', key)
      .send({ amount: 1, reference: `ok-${key}` })
      .expect(201);
  });

  it('refuses a malformed key', async () => {
    const res = await http.post('/payments').set('Idempotency-Key', 'x'.repeat(300)).send({ amount: 1, reference: 'long' }).expect(400);
    expect(res.body.details[0].field).toBe('Idempotency-Key');
  });

  it('works without a key (no idempotency asked for)', async () => {
    await http.post('/payments').send({ amount: 1, reference: 'no-key' }).expect(201);
  });
});
