import { QueryFailedError } from 'typeorm';

/** SQLSTATE classes that mean the server side of the connection went away, not bad input. */
const LOST = /^(57P0[1-3]|08\d{3})$/;

/** True when an error says the database connection died (terminated backend, reset socket). */
export function isConnectionLoss(error: unknown): boolean {
  const driver = error instanceof QueryFailedError ? (error.driverError as { code?: string; message?: string }) : (error as { code?: string; message?: string } | null);
  const code = driver?.code ?? '';
  const message = driver?.message ?? (error instanceof Error ? error.message : '');
  return (
    LOST.test(code) ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection terminated|terminating connection|connection error and is not queryable|Client was closed|Connection ended/i.test(message)
  );
}
