import { EntityManager } from 'typeorm';

export interface BoardMember {
  id: string;
  email: string;
  name: string;
}

/** Active users holding the board role: who reviews, and who hears about deadlines. */
export function boardMembers(m: EntityManager): Promise<BoardMember[]> {
  return m.query(`SELECT id, email, name FROM users WHERE active AND 'board' = ANY(roles) ORDER BY email`);
}
