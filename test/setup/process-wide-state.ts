import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Logger } from '@nestjs/common';
import { pristineNestLogger } from './pristine-nest-logger.js';

/**
 * Every spec file starts as if in a fresh process, whichever file its worker ran before
 * (test/setup/native-runner): what a library keeps for the whole process is reset here, before
 * each file (a setup file).
 */

// nestjs-pino builds its pino-http instance (the root logger, its level and destination) for the
// first application of a process and keeps it; a later app in the same worker would log through
// the first one's. Its reset for tests lives in a module its package does not export.
const nestjsPino = dirname(createRequire(import.meta.url).resolve('nestjs-pino'));
const { __resetOutOfContextForTests } = (await import(pathToFileURL(join(nestjsPino, '../esm/PinoLogger.js')).href)) as { __resetOutOfContextForTests: () => void };
__resetOutOfContextForTests();

// Nest's static Logger writes through the logger of the last application created (an app hands it
// its own): a plain `new Logger()` in a unit spec would write through a closed app's pino logger.
// Lines an earlier file left buffered are dropped, not replayed into this one.
Object.assign(Logger, pristineNestLogger, { logBuffer: [] });
