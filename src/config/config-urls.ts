import type { ProjectConfig } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import { showValue } from "../model/display.js";
import { isLoopbackUrl, isPlaintextHttp } from "../model/loopback-url.js";
import type { Diagnostic } from "./diagnostic.js";

/**
 * Every URL scopesync.yaml gives a credential to must be one the credential crosses encrypted:
 * over plain http://, or ldap:// without StartTLS, anyone on the path reads it. Every target's
 * connection carries one (a SCIM bearer token, a GitHub token, Entra ID's client secret and the
 * Graph token it buys, AWS's signed requests and session token), so a target's `url` and every URL
 * among its `options` (`baseUrl`, `graphUrl`, `loginUrl`, `endpoint`) are checked; of the sources,
 * a live LDAP directory's bind password. Refused when scopesync.yaml loads, so `validate` says so
 * before any plan sends it. The loopback interface is allowed (a test server, or a TLS proxy or
 * tunnel on this machine in front of an app that speaks no TLS).
 */
export function checkPlaintextUrls(config: Located<ProjectConfig>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (path: PathSegment[], value: string, what: string, hint: string): void => {
    out.push({ file: config.file, ...config.locate(path), message: `${path.join(".")} ${showValue(value)} would send ${what} unencrypted`, hint });
  };
  for (const [name, target] of Object.entries(config.value.targets)) {
    const urls: Array<[PathSegment[], unknown]> = [[["targets", name, "url"], target.url], ...Object.entries(target.options ?? {}).map(([key, value]): [PathSegment[], unknown] => [["targets", name, "options", key], value])];
    for (const [path, value] of urls) {
      if (typeof value === "string" && isPlaintextHttp(value)) refuse(path, value, `the ${target.type} target's credentials`, "use the service's https:// URL; for one that speaks no TLS, put a TLS proxy or tunnel in front of it (http://localhost is allowed)");
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
