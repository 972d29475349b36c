/**
 * A UUID v7: 48 bits of milliseconds then random bits, so ids sort by creation time.
 * The outbox uses the id as its IndexedDB key, which makes "oldest first" a plain key order.
 */
export function createId(now: number = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(10));
  let hex = now.toString(16).padStart(12, '0');
  for (const b of random) hex += b.toString(16).padStart(2, '0');
  // The version (7) replaces the 13th digit, the variant (binary 10) the top bits of the 17th.
  return hex.replace(/(.{8})(.{4}).(...).(...)/, `$1-$2-7$3-${'89ab'[random[2]! >> 6]}$4-`);
}
