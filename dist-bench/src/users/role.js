export const ROLES = ['admin', 'treasurer', 'board'];
export const SYSTEM_ACTOR = { id: '00000000-0000-0000-0000-000000000000', email: 'system', roles: ['admin'] };
//# sourceMappingURL=role.js.map