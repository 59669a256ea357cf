import type pg from 'pg';

/**
 * Runs `work` on `client` with auto_explain reporting every statement it runs (nested ones too:
 * a function's statements, triggers, foreign-key checks), with actual rows and buffers, as
 * notices to that client; answers the plans, one text per statement.
 */
export async function explainedStatements(client: pg.Client, work: () => Promise<unknown>): Promise<string[]> {
  const notices: string[] = [];
  const collect = (message: { message?: string }) => notices.push(String(message.message));
  client.on('notice', collect);
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_analyze = on;
                        SET auto_explain.log_buffers = on; SET auto_explain.log_level = 'notice'`);
    await work();
    await client.query('SET auto_explain.log_min_duration = -1');
  } finally {
    client.off('notice', collect);
  }
  return notices;
}

/** The most shared buffers (hit + read) any node of a plan reports. */
export function mostBuffers(plan: string): number {
  return Math.max(0, ...[...plan.matchAll(/Buffers: shared hit=(\d+)(?: read=(\d+))?/g)].map(([, hit, read]) => Number(hit) + Number(read ?? 0)));
}
