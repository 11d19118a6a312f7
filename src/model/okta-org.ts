// Which Okta org a user object is of. Okta's logins are unique only within an org, and a preview
// or sandbox org built by the same Terraform (dev-123.oktapreview.com) has the same logins: whatever
// reads a users export as this org's has to know the org. Each user of GET /api/v1/users carries
// it in `_links.self.href`, https://{yourOktaDomain}/api/v1/users/{id} (Okta Management API, User
// object): the org's own host, or one of its custom URL domains (sources/okta/custom-domains.ts).

const USER_SELF = /^\/api\/v1\/users\/[^/]+\/?$/;

/** The org's host (lower case) a user's `_links.self.href` names, or undefined for anything that is not an https Okta users URL. */
export function oktaOrgOf(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return url.protocol === "https:" && USER_SELF.test(url.pathname) ? url.hostname.toLowerCase() : undefined;
}

// Okta's own org hosts (ORG.okta.com, a preview org's ORG.oktapreview.com, EMEA and government
// cells); any other host a self link names is a custom URL domain the API was called through
// (login.example.com), which stands for an org of one of these.
const OKTA_HOST = /\.(okta|oktapreview|okta-emea|okta-gov)\.com$/;

/** True for an Okta org's own host, false for a custom domain. */
export function isOktaOrgHost(host: string): boolean {
  return OKTA_HOST.test(host);
}
