export class AppException extends Error {
    kind;
    code;
    details;
    constructor(kind, code, message, details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = details;
        this.name = new.target.name;
    }
}
export class NotFoundException extends AppException {
    constructor(entity, id) {
        super('not_found', 'not_found', `${entity} ${id} does not exist`);
    }
}
export class InvalidInputException extends AppException {
    constructor(message, details) {
        super('invalid', 'invalid_input', message, details);
    }
}
//# sourceMappingURL=app.exception.js.map