/** A supervisor's act by hand: 催办, or 督办 (2) / 挂牌督办 (3) by decision. */
export type Act = 'urge' | 2 | 3;

/** Which acts a supervisor may take on a subject now (the api refuses the others with 409): levels only go up. */
export function actsFor(subject: { level: number; settled: boolean }): Act[] {
  if (subject.settled) return [];
  return ['urge', ...([2, 3] as const).filter((level) => level > subject.level)];
}
