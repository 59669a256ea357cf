/**
 * Runs `work` and then puts `process.env` back as it was. Benchmarks that configure an app they
 * create in-process do it through `process.env`, and the servers later benchmarks of the same
 * `npm run bench` start inherit this process's environment: B2 once ran with B5's outbox worker
 * switched off that way.
 */
export async function withOwnEnv<T>(work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  try {
    return await work();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
