/**
 * Runs `work` over items with up to `width` of them in flight, handing each result to `done` in the items' order
 * as soon as it and every earlier one are done: one item's I/O waits (open, fsync, rename) overlap another's
 * CPU work. `work` must not throw (return a failure as a value), so that every item is handed over.
 */
export async function eachInOrder<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
  done: (result: R, item: T) => void,
): Promise<void> {
  const pending = new Map<number, Promise<R>>();
  let started = 0;
  const start = () => {
    if (started < items.length) pending.set(started, work(items[started++]!));
  };
  for (let i = 0; i < Math.max(1, width); i++) start();
  for (let i = 0; i < items.length; i++) {
    const result = await pending.get(i)!;
    pending.delete(i);
    start();
    done(result, items[i]!);
  }
}
