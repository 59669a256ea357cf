import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';

/**
 * The id pipe of every staff page: an id that is not a UUID names no record, so it answers the
 * 404 page, as an unknown one does (the API's default `ParseUUIDPipe` answers 400).
 */
export const UuidOr404 = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
