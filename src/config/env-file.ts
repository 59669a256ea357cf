import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working folder into the environment exactly as
 * `node --env-file-if-exists=.env` would: a variable already set in the environment wins, so
 * `PORT=4000 npm start` overrides the file. Done here rather than with the flag so every way of
 * starting (npm scripts, `nest start`, `node dist/src/main.js`, the Docker image) behaves alike.
 * Each entry point (server, CLI, migrations) calls it once, before the configuration is read;
 * tests never do, so a developer's `.env` cannot leak into them.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
