/** A promise with its resolve and reject exposed, settled at most once. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
  readonly settled: boolean;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  let settled = false;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    },
    reject(reason) {
      if (!settled) {
        settled = true;
        reject(reason);
      }
    },
  };
}
