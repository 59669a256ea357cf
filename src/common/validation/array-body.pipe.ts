import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FieldProblem } from '../errors/app.exception.js';

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((message) => ({ field: `${prefix}.${e.property}`, message })),
    ...flatten(e.children ?? [], `${prefix}.${e.property}`),
  ]);
}

/**
 * A JSON array body validated item by item with the same rules and error shape as the global
 * pipe (`details: [{field: "[1].amount", message}]`), which skips array bodies.
 */
@Injectable()
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly item: Type<T>,
    private readonly max: number,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw invalid([{ field: 'body', message: 'body must be an array' }]);
    if (value.length > this.max) throw invalid([{ field: 'body', message: `at most ${this.max} items` }]);
    const items: T[] = [];
    const problems: FieldProblem[] = [];
    for (const [i, raw] of value.entries()) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        problems.push({ field: `[${i}]`, message: 'each item must be an object' });
        continue;
      }
      const instance = plainToInstance(this.item, raw, { enableImplicitConversion: false });
      const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
      problems.push(...flatten(errors, `[${i}]`));
      items.push(instance);
    }
    if (problems.length) throw invalid(problems);
    return items;
  }
}

function invalid(details: FieldProblem[]) {
  return new BadRequestException({ message: `Invalid input: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details });
}
