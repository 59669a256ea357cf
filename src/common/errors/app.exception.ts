/**
 * What went wrong, in terms a client can act on. Services throw a feature's subclass with its
 * own code; only `HttpExceptionFilter` knows how a kind maps to an HTTP status.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'rate_limited' | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppException extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundException extends AppException {
  constructor(entity: string, id: string) {
    super('not_found', 'not_found', `${entity} ${id} does not exist`);
  }
}

export class InvalidInputException extends AppException {
  constructor(message: string, details?: FieldProblem[]) {
    super('invalid', 'invalid_input', message, details);
  }
}
