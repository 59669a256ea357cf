import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChargeBooking } from './charge-booking.js';

/**
 * At most this many events share a statement. Each event is a subtransaction in
 * `stripe_book_charges`, and PostgreSQL caches 64 subtransaction ids per transaction: beyond
 * that, every other session's snapshots get slower.
 */
export const MAX_BATCH = 32;

/** What `stripe_book_charge` answered for one event: `applied`, `ignored`, `duplicate:<outcome>`, or `general` (CF001). */
export type BatchOutcome = string;

interface Waiting {
  booking: ChargeBooking;
  json: string;
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Books the charge events of concurrent webhook deliveries together (B2, issue 15). A delivery
 * that finds no booking running starts one at once, alone, so a quiet instance adds no delay;
 * the deliveries that arrive while a booking runs wait for it and then go together in the next
 * one: one statement, one commit, one round trip for all of them (`stripe_book_charges`,
 * migration 1764600000000). The deliveries of a storm share commits as PostgreSQL's own group
 * commit would, without a timer.
 *
 * One booking runs at a time per instance: two batches of one instance then never wait for each
 * other. If a batch fails as a whole (a deadlock with another instance, a lost connection, an
 * event the function cannot book), nothing of it was kept and every delivery in it is rejected
 * with that error; the caller books its event alone.
 */
@Injectable()
export class ChargeBatcher {
  private readonly queue: Waiting[] = [];
  private running = false;
  /** Statements sent and events booked through them, for the benchmark's report and the tests. */
  readonly stats = { batches: 0, events: 0, failedBatches: 0 };

  constructor(private readonly dataSource: DataSource) {}

  book(booking: ChargeBooking): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ booking, json: JSON.stringify(booking), resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.send(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    // Sponsors are added in one order by every batch (see the migration: no deadlock between two).
    batch.sort((a, b) => sponsorKey(a.booking).localeCompare(sponsorKey(b.booking)));
    try {
      const [{ outcomes }]: { outcomes: BatchOutcome[] }[] = await this.dataSource.query(`SELECT stripe_book_charges($1::jsonb[]) AS outcomes`, [batch.map((w) => w.json)]);
      this.stats.batches++;
      this.stats.events += batch.length;
      batch.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (error) {
      this.stats.failedBatches++;
      for (const w of batch) w.reject(error);
    }
  }
}

function sponsorKey(booking: ChargeBooking): string {
  return booking.email?.toLowerCase() ?? '';
}
