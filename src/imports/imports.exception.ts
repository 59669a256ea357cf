import { AppException } from '../common/errors/app.exception.js';

export interface RowProblem {
  line: number;
  message: string;
}

export class ImportsException extends AppException {
  static badFile(message: string, line?: number) {
    return new ImportsException('invalid', 'import_bad_file', message, line === undefined ? undefined : [{ line, message }]);
  }
  static badRequest(field: string, message: string) {
    return new ImportsException('invalid', 'import_bad_request', message, [{ field, message }]);
  }
  /** busboy's own complaints (no boundary, a part cut short): the bytes sent are not multipart. */
  static malformedMultipart(error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return ImportsException.badRequest('file', `The multipart body is malformed: ${reason}`);
  }
  static tooLarge(limit: number) {
    return new ImportsException('too_large', 'import_too_large', `The file is larger than the limit of ${limit} bytes (IMPORT_MAX_BYTES)`);
  }
  static unknownProfile(name: string) {
    return new ImportsException('invalid', 'import_unknown_profile', `Import profile "${name}" does not exist`, [{ field: 'profile', message: `no profile named "${name}"` }]);
  }
  static profileExists(name: string) {
    return new ImportsException('conflict', 'import_profile_exists', `Import profile "${name}" already exists; change it with PUT /api/v1/imports/profiles/${name}`);
  }
  static profileNotFound(name: string) {
    return new ImportsException('not_found', 'import_profile_not_found', `Import profile "${name}" does not exist`);
  }
  static notFound(id: string) {
    return new ImportsException('not_found', 'import_not_found', `Import ${id} does not exist`);
  }
  static databaseLost() {
    return new ImportsException('unavailable', 'import_database_lost', 'The database connection was lost during the import; nothing of it was kept, upload the file again');
  }
}
