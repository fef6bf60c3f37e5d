// One-time passwords for new accounts and resets: read aloud or copied from a screen, so no
// characters that look alike (0/O/o, 1/l/I/i). 12 characters of 55 ≈ 69 bits.
import { randomInt } from 'node:crypto';

export const ONE_TIME_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
export const ONE_TIME_LENGTH = 12;

export function oneTimePassword(): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < ONE_TIME_LENGTH; i++) out += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    // the same rule as a password the user chooses: letters and digits
    if (/[A-Za-z]/.test(out) && /[0-9]/.test(out)) return out;
  }
}
