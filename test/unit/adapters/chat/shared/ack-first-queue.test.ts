import { expect } from 'chai';
import { AckFirstQueue } from '../../../../../adapters/chat/shared/ack-first-queue.js';

describe('AckFirstQueue', () => {
  it('starts one job per event-loop turn, in arrival order, so ready I/O is served between jobs', async () => {
    const q = new AckFirstQueue();
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) q.push(() => log.push(name));
    // queued after the queue's own immediate: runs in the same turn, right after the first job
    const afterFirstTurn = new Promise<string[]>((resolve) => setImmediate(() => resolve([...log])));
    expect(q.length).to.equal(3);
    expect(await afterFirstTurn).to.deep.equal(['a']);
    await q.drained();
    expect(log).to.deep.equal(['a', 'b', 'c']);
    expect(q.length).to.equal(0);
  });

  it('a job pushed while others wait runs after them; drained() of an empty queue resolves at once', async () => {
    const q = new AckFirstQueue();
    await q.drained();
    const log: number[] = [];
    q.push(() => {
      log.push(1);
      q.push(() => log.push(3));
    });
    q.push(() => log.push(2));
    await q.drained();
    expect(log).to.deep.equal([1, 2, 3]);
  });
});
