// The entropy test for a secret with no telling prefix: the YAML scan's "high-entropy string", the
// messages' showValue, and the AWS secret access key shape (aws-secret-key.ts) all ask it.

/** Long, space-free strings with near-random character distribution (≥ 4.5 bits per character). */
export function looksRandom(text: string): boolean {
  if (text.length < 32 || /\s/.test(text) || !/^[A-Za-z0-9+/=_.~-]+$/.test(text)) return false;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits >= 4.5;
}
