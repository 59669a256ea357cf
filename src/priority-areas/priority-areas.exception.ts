import { AppException } from '../common/errors/app.exception.js';

export class PriorityAreasException extends AppException {
  static notFound(code: string) {
    return new PriorityAreasException('not_found', 'priority_area_not_found', `Priority area ${code} does not exist`);
  }
  static taken(code: string) {
    return new PriorityAreasException('conflict', 'priority_area_exists', `Priority area ${code} already exists`);
  }
}
