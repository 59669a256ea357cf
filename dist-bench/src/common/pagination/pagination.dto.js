var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
export const MAX_PAGE_SIZE = 200;
export class PaginationQuery {
    page = 1;
    limit = 50;
    get offset() {
        return (this.page - 1) * this.limit;
    }
}
__decorate([
    ApiPropertyOptional({ minimum: 1, default: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    __metadata("design:type", Object)
], PaginationQuery.prototype, "page", void 0);
__decorate([
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
    __metadata("design:type", Object)
], PaginationQuery.prototype, "limit", void 0);
export function page(items, total, query) {
    return { items, total, page: query.page, limit: query.limit };
}
//# sourceMappingURL=pagination.dto.js.map