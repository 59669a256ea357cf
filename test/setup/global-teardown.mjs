export default async function globalTeardown() {
  await Promise.all((globalThis.__cofferTestDbs ?? []).map((db) => db.drop()));
}
