import type { ProjectConfig } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import { showValue } from "../model/display.js";
import { isLoopbackUrl, isPlaintextHttp } from "../model/loopback-url.js";
import type { Diagnostic } from "./diagnostic.js";

/**
 * Every URL scopesync.yaml gives a credential to (a SCIM app's bearer token, a GitHub host's token,
 * an LDAP bind password) must be one the credential crosses encrypted: over plain http:// or
 * ldap:// without StartTLS anyone on the path reads it. Refused when scopesync.yaml loads, so
 * `validate` says so before any plan sends it. The loopback interface is allowed (a test server,
 * or a TLS proxy or tunnel on this machine in front of an app that speaks no TLS).
 */
export function checkPlaintextUrls(config: Located<ProjectConfig>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (path: PathSegment[], value: string, what: string, hint: string): void => {
    out.push({ file: config.file, ...config.locate(path), message: `${path.join(".")} ${showValue(value)} would send ${what} unencrypted`, hint });
  };
  for (const [name, target] of Object.entries(config.value.targets)) {
    const options = (target.options ?? {}) as { baseUrl?: unknown };
    if (target.type === "scim" && typeof target.url === "string" && isPlaintextHttp(target.url)) {
      refuse(["targets", name, "url"], target.url, "the SCIM bearer token", "use the app's https:// URL; for an app that speaks no TLS, put a TLS proxy or tunnel in front of it (http://localhost is allowed)");
    }
    if (target.type === "github" && typeof options.baseUrl === "string" && isPlaintextHttp(options.baseUrl)) {
      refuse(["targets", name, "options", "baseUrl"], options.baseUrl, "the GitHub token", "use the https:// API URL of the GitHub host (https://HOST/api/v3 for GitHub Enterprise Server)");
    }
  }
  for (const [name, source] of Object.entries(config.value.sources)) {
    const options = (source.options ?? {}) as { url?: unknown; tls?: { startTLS?: unknown } };
    if (source.type === "ldap" && typeof options.url === "string" && /^ldap:\/\//i.test(options.url) && !isLoopbackUrl(options.url) && options.tls?.startTLS !== true) {
      refuse(["sources", name, "options", "url"], options.url, "the bind password", "use ldaps://, or set options.tls.startTLS: true to protect the connection before the bind");
    }
  }
  return out;
}
