import { AppException } from '../common/errors/app.exception.js';

export enum AuthErrorCode {
  MissingToken = 'auth_missing_token',
  BadToken = 'auth_bad_token',
  BadCredentials = 'auth_bad_credentials',
  RoleNotAllowed = 'auth_role_not_allowed',
  UndeclaredRoute = 'auth_undeclared_route',
  BadCsrf = 'auth_bad_csrf',
}

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
  static roleNotAllowed(roles: string[]) {
    return new AuthException('forbidden', AuthErrorCode.RoleNotAllowed, `This needs one of the roles: ${roles.join(', ')}`);
  }
  static undeclaredRoute() {
    return new AuthException('forbidden', AuthErrorCode.UndeclaredRoute, 'This route declares no access rule and is refused');
  }
  static badCsrf() {
    return new AuthException('forbidden', AuthErrorCode.BadCsrf, 'The form is missing its security token or it does not match this session; reload the page');
  }
}
