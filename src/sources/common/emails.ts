import { normaliseEmail } from "../../model/keys.js";

/**
 * Lower-cased, de-duplicated addresses in the order given (callers pass the primary first).
 * Empty values are skipped; normalisation is the one in model/keys.ts.
 */
export function collectEmails(values: Iterable<string | undefined | null>): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    const email = normaliseEmail(value);
    if (email !== "") seen.add(email);
  }
  return [...seen];
}

/** Exchange/Entra proxyAddresses: "SMTP:" marks the primary, "smtp:" the aliases; others are not mail. */
export function smtpProxyAddresses(values: readonly string[]): string[] {
  const primary: string[] = [];
  const aliases: string[] = [];
  for (const value of values) {
    if (value.startsWith("SMTP:")) primary.push(value.slice(5));
    else if (value.toLowerCase().startsWith("smtp:")) aliases.push(value.slice(5));
  }
  return [...primary, ...aliases];
}
