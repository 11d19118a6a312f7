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

/**
 * The addresses of `emails` that none of `primaries` is (the primary address: Google's
 * primaryEmail, Exchange's "SMTP:" and mail), for SourceRecord.aliases; undefined if none.
 */
export function aliasesBesides(emails: readonly string[], primaries: Iterable<string | undefined | null>): string[] | undefined {
  const own = new Set(collectEmails(primaries));
  const aliases = emails.filter((e) => !own.has(e));
  return aliases.length > 0 ? aliases : undefined;
}

/** Exchange/Entra proxyAddresses' primary addresses ("SMTP:"), for aliasesBesides. */
export function smtpPrimaries(values: readonly string[]): string[] {
  return values.filter((v) => v.startsWith("SMTP:")).map((v) => v.slice(5));
}
