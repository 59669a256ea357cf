import { ArgumentMetadata, BadRequestException, HttpException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from './app.exception.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A validator or transformer that throws (`encodeURI` inside `isEmail` on odd text, a recursion
 * limit) is still the client's input at fault: a 400, never a 500 with a stack trace.
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      const field = metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type);
      throw new BadRequestException({ message: `Invalid input: ${field} could not be read`, details: [{ field, message: `${field} could not be read` }] });
    }
  }
}

/**
 * Rejects unknown fields and wrong types with a 400 that names each field, and never converts
 * loosely (no "12" → 12 for bodies: a string where a number belongs is the client's bug).
 */
export function createValidationPipe(): ValidationPipe {
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({
        message: details.length ? `Invalid input: ${details.map((d) => d.message).join('; ')}` : 'Invalid input',
        details,
      });
    },
  });
}
