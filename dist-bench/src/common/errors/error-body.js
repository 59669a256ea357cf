import { STATUS_CODES } from 'node:http';
export function errorBody(statusCode, message, extra = {}) {
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...extra };
}
//# sourceMappingURL=error-body.js.map