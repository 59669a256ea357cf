import { AppException } from '../common/errors/app.exception.js';
export var AuthErrorCode;
(function (AuthErrorCode) {
    AuthErrorCode["MissingToken"] = "auth_missing_token";
    AuthErrorCode["BadToken"] = "auth_bad_token";
    AuthErrorCode["BadCredentials"] = "auth_bad_credentials";
    AuthErrorCode["Locked"] = "auth_account_locked";
    AuthErrorCode["RoleNotAllowed"] = "auth_role_not_allowed";
    AuthErrorCode["UndeclaredRoute"] = "auth_undeclared_route";
})(AuthErrorCode || (AuthErrorCode = {}));
export class AuthException extends AppException {
    static missingToken() {
        return new AuthException('unauthorized', AuthErrorCode.MissingToken, 'Send Authorization: Bearer <token> (POST /api/v1/auth/login)');
    }
    static badToken() {
        return new AuthException('unauthorized', AuthErrorCode.BadToken, 'The token is invalid or expired; log in again');
    }
    static badCredentials() {
        return new AuthException('unauthorized', AuthErrorCode.BadCredentials, 'Email or password is wrong');
    }
    static locked(until) {
        return new AuthException('rate_limited', AuthErrorCode.Locked, `Too many failed logins: this account is locked until ${until.toISOString()}`);
    }
    static roleNotAllowed(roles) {
        return new AuthException('forbidden', AuthErrorCode.RoleNotAllowed, `This needs one of the roles: ${roles.join(', ')}`);
    }
    static undeclaredRoute() {
        return new AuthException('forbidden', AuthErrorCode.UndeclaredRoute, 'This route declares no access rule and is refused');
    }
}
//# sourceMappingURL=auth.exception.js.map