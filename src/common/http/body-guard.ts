import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors/error-body.js';
import { LINE_BREAK, SINGLE_LINE_FIELDS } from '../validation/single-line.js';

/** Deeper than any form or API body Coffer takes; deep enough that no real client notices. */
export const MAX_BODY_DEPTH = 32;

export interface BodyProblem {
  field: string;
  message: string;
}

/**
 * What no route can use and some libraries choke on: nesting that makes class-transformer recurse
 * thousands of frames, lone UTF-16 surrogates (`encodeURI` in validators throws on them, and
 * PostgreSQL refuses them as UTF-8) and NUL characters (PostgreSQL text cannot hold them).
 * Also refuses, in the fields that are single-line by name (SINGLE_LINE_FIELDS), line breaks and
 * control characters (a BEL or an ESC in a sponsor's name rings or repaints the terminal of
 * whoever reads a log or an export); free text (notes) is left to its DTO and its form's message.
 * Checked once for every parsed body, before any pipe runs, so a new route is covered too. Walks
 * iteratively: the check itself must not be what overflows the stack.
 *
 * `typedText: false` keeps only the checks of what the server cannot store or parse, for a body
 * nobody typed into Coffer (Stripe's signed events: refusing one for a line break in a customer's
 * name would make Stripe retry it for days and leave the donation unbooked).
 */
export function findBodyProblem(body: unknown, { typedText = true } = {}): BodyProblem | null {
  const stack: { value: unknown; path: string; key: string; depth: number }[] = [{ value: body, path: '', key: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, key: ownKey, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = stringProblem(value) ?? (typedText ? typedTextProblem(value, ownKey) : null);
      if (problem) return { field: path || 'body', message: `${path || 'body'} ${problem}` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) return { field: path || 'body', message: `body is nested more than ${MAX_BODY_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) return { field: path || 'body', message: `a field name ${keyProblem}` };
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      stack.push({ value: child, path: childPath, key: Array.isArray(value) ? ownKey : key, depth: depth + 1 });
    }
  }
  return null;
}

/** With the `u` flag a paired surrogate is one code point, so only lone halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  if (text.includes('\u0000')) return 'contains a NUL character';
  return null;
}

/** C0 controls but tab, LF and CR, and DEL (as NoControlChars in DTOs). */
const CONTROL_CHAR = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Names, titles, subjects…: shown in logs, exports and mail headers, where a control character rings or repaints a terminal. */
function typedTextProblem(text: string, key: string): string | null {
  if (!SINGLE_LINE_FIELDS.has(key)) return null;
  if (CONTROL_CHAR.test(text)) return 'must not contain control characters';
  if (LINE_BREAK.test(text)) return 'must be a single line (no line breaks)';
  return null;
}

/** A route whose body is signed data from elsewhere, not text typed into Coffer: `config: { typedText: false }`. */
export interface BodyGuardRouteConfig {
  typedText?: boolean;
}

/** Refuses such bodies with a 400 naming the field, for every route (see findBodyProblem). */
export function registerBodyGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request, reply) => {
    const typedText = (request.routeOptions.config as BodyGuardRouteConfig | undefined)?.typedText !== false;
    const problem = findBodyProblem(request.body, { typedText }) ?? findBodyProblem(request.query) ?? findBodyProblem(request.params);
    if (problem) return reply.status(400).send(errorBody(400, `Invalid input: ${problem.message}`, { code: 'invalid_body', details: [problem] }));
  });
}
