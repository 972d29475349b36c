/**
 * Runs `fn` and swallows anything it throws, handing the error to `report`.
 * Every entry point from the host page goes through here: no exception of ours may escape into it.
 */
export function safeCall<T>(fn: () => T, report: (error: unknown) => void): T | undefined {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(report);
    return result;
  } catch (error) {
    report(error);
    return undefined;
  }
}
