import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { registerDecorator } from 'class-validator';
import { createValidationPipe } from '../errors/validation.pipe.js';
import { findBodyProblem, MAX_BODY_DEPTH } from './body-guard.js';

const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { a: nest(levels - 1) });

describe('findBodyProblem (issue 10 items 1, 3, 10)', () => {
  it.each([
    ['a plain form', { name: 'Ada', email: 'ada@example.org', note: 'two\nlines are fine here' }, null],
    ['an emoji (a surrogate pair)', { name: 'Ada 🚀' }, null],
    [`${MAX_BODY_DEPTH} levels`, nest(MAX_BODY_DEPTH - 1), null],
    [`${MAX_BODY_DEPTH + 1} levels`, nest(MAX_BODY_DEPTH + 1), /nested more than 32/],
    ['a lone high surrogate', { email: 'a\ud800b@ex.org' }, /email contains a lone UTF-16 surrogate/],
    ['a lone low surrogate deep inside', { applicant: { name: ['x', 'y\udc00'] } }, /applicant\.name\[1\] contains a lone/],
    ['a lone surrogate in a key', { ['k\ud800']: 1 }, /a field name contains a lone/],
    ['a NUL', { note: 'a\u0000b' }, /note contains a NUL/],
    ['CR/LF in a name', { name: 'Eve\r\nBcc: x@y' }, /name must be a single line/],
    ['LF in a nested title', { items: [{ title: 'a\nb' }] }, /items\[0\]\.title must be a single line/],
    ['a line separator in a subject', { subject: 'a\u2028b' }, /subject must be a single line/],
    ['a BEL and an ESC sequence in a name', { name: 'ctl\u0007\u001b[31mred' }, /name must not contain control characters/],
    ['a control character in any field, nested', { sponsor: { publicName: 'x\u0001y' } }, /sponsor\.publicName must not contain control characters/],
    ['a DEL in a title', { title: 'a\u007fb' }, /title must not contain control characters/],
    ['tabs and line breaks in a note (free text is left to its DTO)', { note: 'one\ttwo\r\nthree\u0007' }, null],
  ])('%s', (_, body, expected) => {
    const problem = findBodyProblem(body);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem?.message).toMatch(expected);
  });

  it('checks only what cannot be stored in a body nobody typed (Stripe events): line breaks and control characters pass, a NUL does not', () => {
    expect(findBodyProblem({ data: { object: { name: 'Ada\nLovelace\u0007' } } }, { typedText: false })).toBeNull();
    expect(findBodyProblem({ data: { object: { name: 'Ada\u0000' } } }, { typedText: false })?.message).toMatch(/contains a NUL/);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findBodyProblem(JSON.parse(text))?.message).toMatch(/nested/);
  });
});

class Throwing {
  value!: string;
}
registerDecorator({
  name: 'explodes',
  target: Throwing,
  propertyName: 'value',
  validator: {
    validate: () => {
      throw new URIError('URI malformed');
    },
  },
});

describe('the global validation pipe', () => {
  it('turns a validator that throws into a 400 naming the body, not a 500', async () => {
    const pipe = createValidationPipe();
    const error = await pipe.transform({ value: 'x' }, { type: 'body', metatype: Throwing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({ message: 'Invalid input: body could not be read' });
  });
});
