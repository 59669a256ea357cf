import { AppException } from '../common/errors/app.exception.js';

export enum CallsErrorCode {
  NotFound = 'call_not_found',
}

export class CallsException extends AppException {
  static notFound(id: string) {
    return new CallsException('not_found', CallsErrorCode.NotFound, `Call ${id} does not exist`);
  }
}
