import { AppException } from '../common/errors/app.exception.js';
export class UsersException extends AppException {
    static emailTaken(email) {
        return new UsersException('conflict', 'user_email_taken', `A user with email ${email} already exists`);
    }
    static lastAdmin() {
        return new UsersException('conflict', 'user_last_admin', 'This is the last active admin; make another admin first');
    }
    static notFound(id) {
        return new UsersException('not_found', 'user_not_found', `User ${id} does not exist`);
    }
}
//# sourceMappingURL=users.exception.js.map