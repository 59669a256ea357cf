/**
 * For the few tests that need several real connections at once (races, SKIP LOCKED): the
 * embedded database serialises every session on one connection, so there they cannot show
 * anything. On the embedded database the suite is not run and says so in a visible line;
 * CI always runs on PostgreSQL, where they run.
 */
export const onEmbedded = process.env.COFFER_TEST_DB_EMBEDDED === '1';

/** The visible line that says what the embedded run leaves out. */
function sayNotRun(name: string): void {
  process.stdout.write(`NOT RUN on the embedded database (needs real PostgreSQL, set TEST_DATABASE_URL): ${name}\n`);
}

export function describeOnPostgres(name: string, body: () => void): void {
  if (onEmbedded) {
    sayNotRun(name);
    describe(name, () => it.todo('runs on real PostgreSQL only'));
    return;
  }
  describe(name, body);
}

/** One test of PostgreSQL's own behaviour, in a suite that otherwise runs on both: on the embedded database it is listed as not run, as above. */
export function itOnPostgres(name: string, body: () => Promise<void>): void {
  if (onEmbedded) {
    sayNotRun(name);
    it.todo(name);
    return;
  }
  it(name, body);
}

/** One test of the embedded database's own behaviour: on PostgreSQL there is nothing for it to check, so it is not defined there. */
export function itOnEmbedded(name: string, body: () => Promise<void>): void {
  if (onEmbedded) it(name, body);
}
