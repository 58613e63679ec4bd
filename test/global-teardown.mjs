export default async function globalTeardown() {
  await globalThis.__FUNDS_TEST_PG__?.stop();
}
