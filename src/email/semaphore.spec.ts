import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it.each([1, 3, 5])('never lets more than %i run at once, and runs everything', async (permits) => {
    const gate = new Semaphore(permits);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate.use(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, (i * 7) % 5));
          running--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(permits);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('releases the permit when the work throws', async () => {
    const gate = new Semaphore(1);
    await expect(gate.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.use(async () => 'next')).resolves.toBe('next');
  });
});
