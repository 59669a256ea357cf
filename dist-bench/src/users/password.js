import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };
export function hashPassword(password) {
    return hash(password, OPTIONS);
}
export async function verifyPassword(passwordHash, password) {
    try {
        return await verify(passwordHash, password);
    }
    catch {
        return false;
    }
}
let dummy;
export async function verifyAgainstNobody(password) {
    dummy ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(await dummy, password);
    return false;
}
//# sourceMappingURL=password.js.map