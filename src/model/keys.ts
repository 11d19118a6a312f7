// Keys are normalised here and only here, so that no stage compares raw logins or emails.

/** Logins and emails compare case-insensitively and without surrounding spaces. */
export function normaliseLogin(value: string): string {
  return value.trim().normalize("NFC").toLowerCase();
}

export function normaliseEmail(value: string): string {
  return value.trim().normalize("NFC").toLowerCase();
}

/** A record reference as written in `links`/`separate`: "source:externalId". */
export function recordRef(source: string, externalId: string): string {
  return `${source}:${externalId}`;
}
