/**
 * Is the URL's host this machine's loopback interface (localhost, 127.0.0.0/8, ::1)? A credential
 * sent over plain http:// or ldap:// is allowed there only (a test server, or a TLS proxy or
 * tunnel on this machine in front of an app that speaks no TLS). An unparsable URL gives false.
 * Not `*.localhost`: Node.js resolves such a name through DNS like any other.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    // URL parses the host of special schemes only: read an ldap(s):// URL as http:// for its host.
    host = new URL(url.replace(/^ldaps?:/i, "http:")).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An http: URL (as the WHATWG URL parser reads it: `HTTP://`, `http:host` too) to another
 * machine: what it carries crosses the network unencrypted.
 */
export function isPlaintextHttp(url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  return protocol === "http:" && !isLoopbackUrl(url);
}
