/**
 * A state machine as data: each state lists where it may go. Used by interests, grants and
 * milestones so every table of moves reads the same and is tested the same way.
 */
export type Transitions<S extends string> = Record<S, readonly S[]>;

export function canMove<S extends string>(machine: Transitions<S>, from: S, to: S): boolean {
  return machine[from]?.includes(to) ?? false;
}

/** Every (from, to) pair of the machine's states, split into allowed and refused moves. */
export function allMoves<S extends string>(machine: Transitions<S>): { allowed: [S, S][]; refused: [S, S][] } {
  const states = Object.keys(machine) as S[];
  const allowed: [S, S][] = [];
  const refused: [S, S][] = [];
  for (const from of states) for (const to of states) (canMove(machine, from, to) ? allowed : refused).push([from, to]);
  return { allowed, refused };
}
