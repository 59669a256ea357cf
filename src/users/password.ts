import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id (Algorithm.Argon2id = 2; a const enum, which isolated modules cannot read) with OWASP's second recommended profile (19 MiB, 2 passes, 1 lane). */
const PRODUCTION = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };
/**
 * The test suite creates and logs in hundreds of users; at the production cost that was seconds
 * of every run spent hashing. Only under NODE_ENV=test (set by test/setup/env.ts): verify() reads
 * the cost from the stored hash, so either kind of hash still verifies anywhere.
 */
const TEST_ONLY = { algorithm: 2 as Algorithm, memoryCost: 1024, timeCost: 1, parallelism: 1 };
const OPTIONS = process.env.NODE_ENV === 'test' ? TEST_ONLY : PRODUCTION;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check when the email is unknown, so timing reveals nothing. */
export async function verifyAgainstNobody(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
  return false;
}
