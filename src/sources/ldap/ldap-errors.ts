// Turns whatever the network or ldapts threw into "what happened" and "what to check", in one
// place. The original error is not attached: it can carry request objects, and the message and
// hint are all the person at the terminal needs.
import { ResultCodeError } from "ldapts";
import type { LdapSettings } from "./ldap-config.js";

/** What the reader was doing when it failed. */
export type Phase =
  | { step: "starttls" }
  | { step: "bind" }
  | { step: "search"; what: "people" | "groups"; baseDN: string; pagesRead: number }
  | { step: "range"; dn: string; attribute: string };

export interface FailureDescription {
  what: string;
  hint: string;
}

function doing(phase: Phase): string {
  switch (phase.step) {
    case "starttls": return "during StartTLS";
    case "bind": return "while binding";
    case "search": return `while reading ${phase.what} under "${phase.baseDN}" (page ${phase.pagesRead + 1})`;
    case "range": return `while reading the further values of ${phase.attribute} on "${phase.dn}" (range retrieval)`;
  }
}

const RESULT_CODE_HINTS: Record<number, string> = {
  3: "The server's time limit for the search was reached: narrow the filter or ask for a higher limit.",
  4: "The server truncated the result (size limit): the bind DN needs a higher size limit, or paging must be allowed.",
  8: "The server wants a protected connection: use ldaps:// or options.tls.startTLS: true.",
  11: "An administrative limit was exceeded: raise the bind DN's limits on the server (olcLimits) or lower options.pageSize.",
  12: "The server does not support a control scopesync needs (paged results): enable it on the server.",
  13: "The server requires confidentiality: use ldaps:// or options.tls.startTLS: true.",
  32: "The base DN does not exist: check options.people.baseDN / options.groups.baseDN.",
  34: "A DN is malformed: check options.bindDN and the base DNs.",
  50: "The bind DN may not read these entries: grant it read access on the server.",
  51: "The server is busy: try again later.",
  52: "The server is unavailable: check its health, then try again.",
  53: "The server refused to perform the operation: check its logs.",
};

/**
 * RFC 4511's names of the result codes (section 4.1.9, Appendix A): a server that sends no
 * diagnostic message leaves ldapts only "Code: 0x4" to say, which names nothing.
 */
const RESULT_CODE_NAMES: Record<number, string> = {
  1: "operationsError", 2: "protocolError", 3: "timeLimitExceeded", 4: "sizeLimitExceeded", 7: "authMethodNotSupported",
  8: "strongerAuthRequired", 10: "referral", 11: "adminLimitExceeded", 12: "unavailableCriticalExtension",
  13: "confidentialityRequired", 14: "saslBindInProgress", 16: "noSuchAttribute", 17: "undefinedAttributeType",
  18: "inappropriateMatching", 19: "constraintViolation", 20: "attributeOrValueExists", 21: "invalidAttributeSyntax",
  32: "noSuchObject", 33: "aliasProblem", 34: "invalidDNSyntax", 36: "aliasDereferencingProblem",
  48: "inappropriateAuthentication", 49: "invalidCredentials", 50: "insufficientAccessRights", 51: "busy",
  52: "unavailable", 53: "unwillingToPerform", 54: "loopDetect", 64: "namingViolation", 65: "objectClassViolation",
  66: "notAllowedOnNonLeaf", 67: "notAllowedOnRDN", 68: "entryAlreadyExists", 69: "objectClassModsProhibited",
  71: "affectsMultipleDSAs", 80: "other",
};

function networkCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Describes a failure for the person at the terminal; never includes the password. */
export function describeFailure(error: unknown, phase: Phase, settings: LdapSettings): FailureDescription {
  const at = doing(phase);
  const message = error instanceof Error ? error.message : String(error);
  const code = networkCode(error);

  if (error instanceof ResultCodeError) {
    if (error.code === 49) {
      return {
        what: `bind as "${settings.bindDN}" rejected: invalid credentials`,
        hint: `Check options.bindDN and the password in environment variable ${settings.passwordVariable}.`,
      };
    }
    const said = message.trim();
    const detail = said === "" || /^Code: 0x[0-9a-f]+$/i.test(said) ? RESULT_CODE_NAMES[error.code] ?? error.name : said;
    return {
      what: `server answered "${detail}" (LDAP result code ${error.code}) ${at}`,
      hint: RESULT_CODE_HINTS[error.code] ?? "Check the server's logs and the source's options.",
    };
  }
  if (code === "ECONNREFUSED") {
    return { what: "connection refused", hint: "Check that the LDAP server is running and that options.url has the right host and port." };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return { what: "host name not found", hint: "Check the host name in options.url and this machine's DNS." };
  }
  if (/timed? ?out/i.test(message) || code === "ETIMEDOUT") {
    return {
      what: `no answer within ${settings.timeoutMs} ms ${at}`,
      hint: "The server is up but not answering: check its load and the network, or raise options.timeoutMs.",
    };
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(message) || code?.startsWith("ERR_TLS") || code?.startsWith("CERT_") || code === "DEPTH_ZERO_SELF_SIGNED_CERT") {
    return {
      what: `TLS failed ${at}: ${message.split("\n")[0]}`,
      hint: "Check options.tls.caFile (the CA that signed the server certificate) and the host name in options.url.",
    };
  }
  if (/connection closed|socket|ECONNRESET|EPIPE|not established/i.test(message) || code === "ECONNRESET" || code === "EPIPE") {
    return {
      what: `connection lost ${at}`,
      hint: "The server closed the connection mid-read; nothing from this read was used. Check the server's health and logs, then run again.",
    };
  }
  return { what: `${message.split("\n")[0]} ${at}`, hint: "Check the server's logs and the source's options." };
}
