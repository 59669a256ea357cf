import { AppException, ErrorKind } from '../common/errors/app.exception.js';

export type PagesErrorCode = 'page_not_found';

/** What only the pages themselves can get wrong (an unknown asset or position). */
export class PagesException extends AppException {
  constructor(kind: ErrorKind, code: PagesErrorCode, message: string) {
    super(kind, code, message);
  }

  static notFound(what: string): PagesException {
    return new PagesException('not_found', 'page_not_found', `No such ${what}`);
  }
}
