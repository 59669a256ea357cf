import { Logger } from '@nestjs/common';

/**
 * Nest's static Logger as a fresh process has it, read once per test worker (this module is
 * imported before any spec of the worker and stays loaded): test/setup/process-wide-state.ts puts
 * it back before each file.
 */
const statics = Logger as unknown as Record<'staticInstanceRef' | 'logLevels' | 'isBufferAttached', unknown>;
export const pristineNestLogger = {
  staticInstanceRef: statics.staticInstanceRef,
  logLevels: statics.logLevels,
  isBufferAttached: statics.isBufferAttached,
};
