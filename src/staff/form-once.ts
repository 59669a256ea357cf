import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception.js';
import { sha256Hex, stableStringify } from '../common/util/stable-json.js';
import { TransactionService } from '../database/transaction.service.js';

/**
 * The pages' Idempotency-Key: a form that creates money records carries a one-time key (a
 * hidden field set when the form is shown), kept in `idempotency_keys` like the API's header.
 * The key row is written in the same transaction as the record, so a double submit (a second
 * click, a reload of the POST) waits for the first and gets its record back instead of a second
 * one; the same key with other values is a 409, as in the API.
 */
@Injectable()
export class FormOnceService {
  constructor(private readonly tx: TransactionService) {}

  async once(scope: string, key: string | undefined, values: unknown, work: () => Promise<string>): Promise<{ id: string; replayed: boolean }> {
    if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) return { id: await work(), replayed: false };
    const requestHash = sha256Hex(stableStringify(values ?? null));
    return this.tx.run(async (m) => {
      const inserted: unknown[] = await m.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [
        scope,
        key,
        requestHash,
      ]);
      if (inserted.length === 0) {
        const [stored]: { request_hash: string; response: { id?: string } | null }[] = await m.query(
          `SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
          [scope, key],
        );
        if (stored.request_hash !== requestHash || !stored.response?.id) {
          throw new AppException('conflict', 'idempotency_key_reused', 'This form was already sent with other values: open the form again');
        }
        return { id: stored.response.id, replayed: true };
      }
      const id = await work();
      await m.query(`UPDATE idempotency_keys SET status_code = 303, response = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify({ id })]);
      return { id, replayed: false };
    });
  }
}
