import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
export function jwtSecret(configured, dataDir) {
    if (configured)
        return configured;
    const file = resolve(dataDir, 'jwt-secret');
    if (existsSync(file))
        return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
}
//# sourceMappingURL=jwt-secret.js.map