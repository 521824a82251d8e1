/**
 * Waits for every promise of a batch, then throws the first failure: a batch of deletes or puts never leaves a
 * request running behind a thrown error, so counts and the queue agree when azq exits.
 */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
