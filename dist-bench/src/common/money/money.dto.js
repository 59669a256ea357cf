var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, Min, registerDecorator } from 'class-validator';
import { isCurrencyCode } from './currency.js';
export function IsCurrencyCode(options) {
    return (target, propertyName) => registerDecorator({
        name: 'isCurrencyCode',
        target: target.constructor,
        propertyName: propertyName,
        options: { message: '$property must be an ISO 4217 currency code such as EUR', ...options },
        validator: { validate: (value) => isCurrencyCode(value) },
    });
}
export class MoneyDto {
    amount;
    currency;
}
__decorate([
    ApiProperty({ example: 2500, description: 'Integer count of the minor unit (2500 EUR = 25.00 EUR)' }),
    IsInt({ message: 'amount must be an integer count of the minor unit (cents)' }),
    Min(0),
    Max(Number.MAX_SAFE_INTEGER),
    __metadata("design:type", Number)
], MoneyDto.prototype, "amount", void 0);
__decorate([
    ApiProperty({ example: 'EUR' }),
    IsString(),
    IsCurrencyCode(),
    __metadata("design:type", String)
], MoneyDto.prototype, "currency", void 0);
//# sourceMappingURL=money.dto.js.map