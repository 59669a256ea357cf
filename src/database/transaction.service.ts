import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const current = new AsyncLocalStorage<EntityManager>();

/**
 * One transaction per unit of work, shared by everything called inside it.
 *
 * Why an AsyncLocalStorage: the Idempotency-Key interceptor opens the transaction that must
 * also hold the service's writes, and the embedded database has a single connection, so a
 * nested `dataSource.transaction()` would wait forever for a second one. `run` joins the
 * transaction already open in this async context instead of opening another.
 */
@Injectable()
export class TransactionService {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const open = current.getStore();
    if (open) return work(open);
    return this.dataSource.transaction((manager) => current.run(manager, () => work(manager)));
  }

  /** True inside `run`: what it reads may be its own uncommitted writes, never to be cached. */
  get inTransaction(): boolean {
    return current.getStore() !== undefined;
  }

  /** The open transaction's manager, or the pool's when none is open. */
  get manager(): EntityManager {
    return current.getStore() ?? this.dataSource.manager;
  }
}
