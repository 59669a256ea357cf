export default async function globalTeardown() {
  await globalThis.__cofferTestDb?.drop();
}
