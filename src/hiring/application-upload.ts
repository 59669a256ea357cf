import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { CV_MAX_BYTES, pdfProblem } from './cv-check.js';
import { ApplicationFieldsDto } from './hiring.dto.js';
import { HiringException } from './hiring.exception.js';

/** Room for the text fields and part headers around the CV in a multipart body. */
const MULTIPART_OVERHEAD = 128 * 1024;
const TEXT_FIELDS = new Set(['name', 'email', 'message', 'links', 'website']);

export interface ApplicationUpload {
  fields: ApplicationFieldsDto;
  cv: { content: Buffer; filename: string | null } | null;
}

/**
 * Reads an application: multipart (text fields and an optional `cv` file part, in any order) or
 * a JSON body without a CV. The CV is at most 5 MB, read into memory (bounded) and judged by its
 * bytes; the whole body is always read to its end, so even a refusal reaches the client.
 */
export async function readApplication(request: FastifyRequest): Promise<ApplicationUpload> {
  const { raw, cv } = await readApplicationParts(request);
  const fields = await validFields(raw);
  if (cv) {
    const notPdf = pdfProblem(cv.content);
    if (notPdf) throw HiringException.notPdf(notPdf);
  }
  return { fields, cv };
}

/** An application as sent, before any validation: the text fields (`links` a list when repeated) and the CV's bytes. */
export interface RawApplication {
  raw: Record<string, unknown>;
  cv: ApplicationUpload['cv'];
}

/**
 * The parts of an application without judging them, for the API (`readApplication`) and the
 * page (which validates with its own, translated messages): the size limit (413), the one file
 * part and no unknown field (400) are enforced here. A file part without a name and without
 * bytes is what a browser sends when no file was chosen: no CV.
 */
export async function readApplicationParts(request: FastifyRequest): Promise<RawApplication> {
  if (!request.isMultipart()) {
    const body: unknown = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInputException('Send the application as multipart/form-data or a JSON object');
    return { raw: body as Record<string, unknown>, cv: null };
  }
  if (Number(request.headers['content-length'] ?? 0) > CV_MAX_BYTES + MULTIPART_OVERHEAD) {
    await discard(request.raw);
    throw HiringException.tooLarge(CV_MAX_BYTES);
  }
  const raw: Record<string, unknown> = {};
  const links: string[] = [];
  let cv: ApplicationUpload['cv'] = null;
  let tooLarge = false;
  let problem: HiringException | null = null;
  try {
    // Not thrown mid-file: a CV over the limit is read to its end (busboy drops the rest), so the 413 reaches the client.
    const options: FastifyMultipartBaseOptions = { limits: { fileSize: CV_MAX_BYTES, files: 1, fields: 20, fieldSize: 16 * 1024, parts: 21 }, throwFileSizeLimit: false };
    const parts = request.parts(options);
    for await (const part of parts) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        const content = Buffer.concat(chunks);
        if (part.file.truncated) tooLarge = true;
        else if (part.fieldname !== 'cv') problem ??= HiringException.badUpload(part.fieldname, 'the only file this form takes is cv');
        else if (!part.filename && content.length === 0) continue;
        else cv = { content, filename: part.filename ? part.filename.slice(0, 255) : null };
      } else if (part.fieldname === 'links') {
        links.push(String(part.value));
      } else if (TEXT_FIELDS.has(part.fieldname)) {
        raw[part.fieldname] = part.value;
      } else {
        problem ??= HiringException.badUpload(part.fieldname, `unknown field ${part.fieldname}`);
      }
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw HiringException.tooLarge(CV_MAX_BYTES);
    throw HiringException.badUpload('body', `the multipart body could not be read (${(error as Error).message})`);
  }
  if (tooLarge) throw HiringException.tooLarge(CV_MAX_BYTES);
  if (problem) throw problem;
  if (links.length) raw.links = links;
  return { raw, cv };
}

async function validFields(body: unknown): Promise<ApplicationFieldsDto> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInputException('Send the application as multipart/form-data or a JSON object');
  let errors: ValidationError[];
  let dto: ApplicationFieldsDto;
  try {
    dto = plainToInstance(ApplicationFieldsDto, body);
    errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  } catch {
    // A validator that throws on odd text is still the client's input at fault (as in the global pipe).
    throw new InvalidInputException('Invalid input: the application could not be read', [{ field: 'body', message: 'could not be read' }]);
  }
  if (errors.length) {
    const details = flatten(errors);
    throw new InvalidInputException(`Invalid input: ${details.map((d) => d.message).join('; ')}`, details);
  }
  return dto;
}

function flatten(errors: ValidationError[]): { field: string; message: string }[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })));
}

/** Reads a request body to its end without keeping it, bounded in time. */
function discard(stream: NodeJS.ReadableStream & { destroy?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy?.();
      resolve();
    }, 60_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.on('end', done).on('error', done).on('close', done);
    stream.resume();
  });
}
