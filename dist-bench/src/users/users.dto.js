var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ROLES } from './role.js';
const trimLower = ({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }) => (typeof value === 'string' ? value.trim() : value);
export class CreateUserDto {
    email;
    name;
    roles;
    password;
}
__decorate([
    ApiProperty({ example: 'treasurer@example.org' }),
    Transform(trimLower),
    IsEmail(),
    MaxLength(254),
    __metadata("design:type", String)
], CreateUserDto.prototype, "email", void 0);
__decorate([
    ApiProperty({ example: 'Tess Treasurer' }),
    Transform(trim),
    IsString(),
    Length(1, 200),
    __metadata("design:type", String)
], CreateUserDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ enum: ROLES, isArray: true }),
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(),
    IsIn(ROLES, { each: true }),
    __metadata("design:type", Array)
], CreateUserDto.prototype, "roles", void 0);
__decorate([
    ApiProperty({ minLength: 12 }),
    IsString(),
    Length(12, 200, { message: 'password must be 12 to 200 characters' }),
    __metadata("design:type", String)
], CreateUserDto.prototype, "password", void 0);
export class UpdateUserDto {
    name;
    roles;
    active;
    password;
}
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    Transform(trim),
    IsString(),
    Length(1, 200),
    __metadata("design:type", String)
], UpdateUserDto.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional({ enum: ROLES, isArray: true }),
    IsOptional(),
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(),
    IsIn(ROLES, { each: true }),
    __metadata("design:type", Array)
], UpdateUserDto.prototype, "roles", void 0);
__decorate([
    ApiPropertyOptional(),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdateUserDto.prototype, "active", void 0);
__decorate([
    ApiPropertyOptional({ minLength: 12 }),
    IsOptional(),
    IsString(),
    Length(12, 200, { message: 'password must be 12 to 200 characters' }),
    __metadata("design:type", String)
], UpdateUserDto.prototype, "password", void 0);
//# sourceMappingURL=users.dto.js.map