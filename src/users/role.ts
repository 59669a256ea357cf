export const ROLES = ['admin', 'treasurer', 'board'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something, as the audit log and services need it. */
export interface Actor {
  id: string;
  email: string;
  roles: Role[];
}

/** Changes made by the app itself (start-up, CLI, background jobs). */
export const SYSTEM_ACTOR: Actor = { id: '00000000-0000-0000-0000-000000000000', email: 'system', roles: ['admin'] };
