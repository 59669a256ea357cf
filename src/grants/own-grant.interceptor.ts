import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { GrantsException } from './grants.exception.js';

type StaffRequest = FastifyRequest & { actor?: Actor; params: Record<string, string>; body?: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A board member who is the grantee, or who declared a conflict of interest on one of the grant's
 * milestones, must not run that grant: every staff write under /grants/:id and /milestones/:id is
 * refused with 403 naming why. Votes are the exception: there the member is recused and the
 * recusal is recorded (SPEC §8). Keyed on the route pattern, so a new write route under either
 * path is covered without anyone remembering; the grantee's own link (/grantee/:token) is not
 * staff access and is untouched.
 */
@Injectable()
export class OwnGrantInterceptor implements NestInterceptor {
  constructor(private readonly tx: TransactionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const actor = request.actor;
    if (!actor || request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const pattern = request.routeOptions?.url ?? '';
    const check = this.checkFor(pattern, request, actor);
    if (!check) return next.handle();
    return from(check).pipe(switchMap(() => next.handle()));
  }

  private checkFor(pattern: string, request: StaffRequest, actor: Actor): Promise<void> | null {
    if (request.method === 'POST' && pattern === '/api/v1/grants') {
      const applicant = (request.body as { applicant?: { email?: unknown } } | undefined)?.applicant?.email;
      if (typeof applicant === 'string' && applicant.trim().toLowerCase() === actor.email.toLowerCase()) {
        return Promise.reject(GrantsException.ownGrant('grantee'));
      }
      return null;
    }
    const id = request.params?.id;
    if (!id || !UUID.test(id)) return null;
    // The staff pages' grant forms (/staff/grants/:id/…) write through the same service.
    if (pattern.startsWith('/api/v1/grants/:id') || pattern.startsWith('/staff/grants/:id')) return this.refuseIfOwn(actor, `g.id = $3`, id);
    if (pattern.startsWith('/api/v1/milestones/:id') && !pattern.endsWith('/reviews')) {
      return this.refuseIfOwn(actor, `g.id = (SELECT grant_id FROM milestones WHERE id = $3)`, id);
    }
    return null;
  }

  private async refuseIfOwn(actor: Actor, where: string, id: string): Promise<void> {
    const [row] = await this.tx.manager.query(
      `SELECT g.applicant_email = lower($1) AS grantee,
              EXISTS (SELECT 1 FROM milestone_reviews r JOIN milestones ms ON ms.id = r.milestone_id
                      WHERE ms.grant_id = g.id AND r.reviewer_id = $2 AND r.conflict_of_interest) AS conflict
       FROM grants g WHERE ${where}`,
      [actor.email, actor.id, id],
    );
    if (row?.grantee) throw GrantsException.ownGrant('grantee');
    if (row?.conflict) throw GrantsException.ownGrant('conflict_of_interest');
  }
}
