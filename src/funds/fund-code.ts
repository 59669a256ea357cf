import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/**
 * The one rule for fund codes, the same as the CHECK on `funds.code` (and `grants.fund`):
 * lower-case letters, digits and dashes, at most 63 characters, e.g. `rsoc`.
 */
export const FUND_CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A field holding a fund code. */
export function FundCode(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(FUND_CODE, { message: '$property must be a fund code: lower-case letters, digits and dashes, at most 63 (e.g. rsoc)' }));
}
