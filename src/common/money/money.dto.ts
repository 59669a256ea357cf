import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { isCurrencyCode } from './currency.js';
import { MaxManualAmount } from './amount-limit.js';

export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 4217 currency code such as EUR', ...options },
      validator: { validate: (value: unknown) => isCurrencyCode(value) },
    });
}

/** `{amount, currency}` in minor units; never negative. */
export class MoneyDto {
  @ApiProperty({ example: 2500, description: 'Integer count of the minor unit (2500 EUR = 25.00 EUR)' })
  @IsInt({ message: 'amount must be an integer count of the minor unit (cents)' })
  @Min(0)
  @MaxManualAmount()
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @IsString()
  @IsCurrencyCode()
  currency: string;
}
