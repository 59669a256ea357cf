import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A crypto gift in its coin: the asset (`BTC`, `ETH`, … — not ISO 4217, see
 * src/donations/crypto-assets.ts), the amount in the asset's smallest unit and the transaction
 * hash. The donation's `amount`/`currency` stay the fiat valuation at receipt, which is what the
 * books post. `numeric(78, 0)`, not bigint: 1 ETH is 10^18 wei, so a bigint would stop at
 * about 9.2 ETH; 78 digits hold any 256-bit token amount.
 */
export class CryptoDonations1764190100000 implements MigrationInterface {
  name = 'CryptoDonations1764190100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE donations
        ADD COLUMN crypto_asset text CHECK (crypto_asset ~ '^[A-Z0-9]{2,10}$'),
        ADD COLUMN crypto_amount numeric(78, 0) CHECK (crypto_amount > 0),
        ADD COLUMN crypto_tx_hash text CHECK (length(crypto_tx_hash) BETWEEN 16 AND 128),
        ADD CONSTRAINT donations_crypto_complete CHECK (
          (crypto_asset IS NULL AND crypto_amount IS NULL AND crypto_tx_hash IS NULL)
          OR (channel = 'crypto' AND crypto_asset IS NOT NULL AND crypto_amount IS NOT NULL AND crypto_tx_hash IS NOT NULL))`);
    // One gift per transaction and coin: the same hash entered twice is a mistake, not a second gift.
    await q.query(`CREATE UNIQUE INDEX donations_crypto_tx_key ON donations (crypto_asset, crypto_tx_hash) WHERE crypto_tx_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX donations_crypto_tx_key`);
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_crypto_complete, DROP COLUMN crypto_asset, DROP COLUMN crypto_amount, DROP COLUMN crypto_tx_hash`);
  }
}
