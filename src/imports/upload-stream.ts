import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { MultipartFields } from '@fastify/multipart';
import { ImportsException } from './imports.exception.js';

/** A multipart field sent before the file part, as text. */
export function fieldValue(fields: MultipartFields, name: string): string | undefined {
  const entry = fields[name];
  const field = Array.isArray(entry) ? entry[0] : entry;
  if (!field) return undefined;
  if (field.type !== 'field') throw ImportsException.badRequest(name, `${name} must be a text field, not a file`);
  return typeof field.value === 'string' ? field.value.trim() : undefined;
}

/**
 * Wraps the uploaded file stream: counts and hashes every byte as the parser pulls it, and turns
 * busboy's size limit into a 413 as soon as it is hit (busboy stops handing out data there, so
 * memory never holds more than a chunk).
 */
export class UploadStream {
  private readonly hash = createHash('sha256');
  size = 0;
  private tooLarge = false;
  private reading?: AsyncIterableIterator<Buffer>;

  constructor(
    private readonly file: Readable & { truncated?: boolean },
    private readonly limit: number,
    /** The whole request body, which busboy is reading the file from. */
    private readonly body?: Readable,
  ) {
    file.on('limit', () => {
      this.tooLarge = true;
      // busboy feeds a file past its limit nothing more, yet ends it only after the whole
      // request has arrived: end it now, so the 413 does not wait for the rest of the upload.
      file.destroy();
    });
  }

  async *chunks(): AsyncGenerator<Buffer> {
    const iterator = this.file.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Buffer>;
    this.reading = iterator;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        // Errors of the part's stream are about the bytes the client sent, never a server fault.
        throw this.tooLarge ? ImportsException.tooLarge(this.limit) : ImportsException.malformedMultipart(error);
      }
      if (next.done) break;
      if (this.tooLarge) throw ImportsException.tooLarge(this.limit);
      this.hash.update(next.value);
      this.size += next.value.length;
      yield next.value;
    }
    if (this.tooLarge || this.file.truncated) throw ImportsException.tooLarge(this.limit);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  /**
   * Reads and discards whatever the client is still sending after the import gave up, so it
   * receives the answer instead of a reset connection; bounded in time.
   */
  async drain(timeoutMs = 120_000): Promise<void> {
    // An iterator left open keeps its 'readable' listener, and with it the stream never flows.
    await this.reading?.return?.();
    // Past the limit busboy feeds the file no more and may still hold its write callback for a
    // read that never comes, so the request stops flowing: read the rest of the body directly
    // (else the answer waited the whole timeout and the connection stayed stuck after it).
    const source = this.tooLarge && this.body && !this.body.readableEnded ? this.body : this.file;
    if (source === this.body) this.body.unpipe();
    if (source.readableEnded || source.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        source.destroy();
        resolve();
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      source.once('end', finish);
      source.once('close', finish);
      source.once('error', finish);
      source.resume();
    });
  }
}
