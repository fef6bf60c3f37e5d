// argon2id password hashing (OWASP 2024 minimum: m=19 MiB, t=2, p=1).
import { hash, verify, Algorithm } from '@node-rs/argon2';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

// A hash of a random password, made with OPTIONS: verifying against it when the username does not
// exist costs what a real check costs, so the response time does not tell who has an account. It is
// a constant (not hashed at first use) so that the first unknown name is not slower than the rest.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$B1bWVivLw4IbaigcYeINqg$nTCoVmkj3myX0t61ryGyl4dCmHPDx/BIsOB2F9T1KTc';

/** Spends the time of a password check and always fails. */
export async function verifyDummyPassword(plain: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, plain);
  return false;
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}
