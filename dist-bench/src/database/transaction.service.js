var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
const current = new AsyncLocalStorage();
let TransactionService = class TransactionService {
    dataSource;
    constructor(dataSource) {
        this.dataSource = dataSource;
    }
    run(work) {
        const open = current.getStore();
        if (open)
            return work(open);
        return this.dataSource.transaction((manager) => current.run(manager, () => work(manager)));
    }
    get manager() {
        return current.getStore() ?? this.dataSource.manager;
    }
};
TransactionService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [DataSource])
], TransactionService);
export { TransactionService };
//# sourceMappingURL=transaction.service.js.map