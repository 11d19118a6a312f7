// An Okta org reached through a custom URL domain (login.example.com for example.okta.com). Okta's
// docs do not say which host the API's `_links` name: its support article "Expected Behavior After
// Adding a Custom Domain" says the org's components use the custom domain in their URLs, and the
// org's own domain again once it has two or more custom domains; an org may have several, one per
// brand (Okta help, "Configure a custom domain"). So a user's `_links.self.href` may name a custom
// domain or the org's own host, and an export may mix them. options.customDomains declares the
// custom domains of the org gates.account names: a user whose link names one is of that org
// (oktaOrg is the org's own host), so the gate and the snapshot compare one name whichever host a
// link names. The org's own host and its custom domains are what GET /.well-known/okta-organization
// answers (`_links.organization` and `_links.alternate`, Okta Management API, Org Settings).
import { SourceError } from "../../model/errors.js";
import { isOktaOrgHost } from "../../model/okta-org.js";
import { stringListOption } from "../common/options.js";
import type { SourceContext } from "../source.js";

/** Custom domain (lower case) → the org's own host; empty without options.customDomains. */
export function customDomainOrgs(context: SourceContext): ReadonlyMap<string, string> {
  const domains = stringListOption(context, "customDomains") ?? [];
  if (domains.length === 0) return new Map();
  const at = context.at ? ` (${context.at(["options", "customDomains"])})` : "";
  const org = context.config.gates?.account;
  if (org === undefined || !isOktaOrgHost(org)) {
    throw new SourceError(
      context.name,
      `options.customDomains${at} names the custom domains of an org, but gates.account is ${org === undefined ? "not set" : `${org}, not an Okta org's own host`}`,
      `set sources.${context.name}.gates.account to the org's own host (ORG.okta.com, as the Admin Console's address shows it), the org the custom domains stand for`,
    );
  }
  const own = domains.map((d) => d.toLowerCase()).find(isOktaOrgHost);
  if (own !== undefined) {
    throw new SourceError(context.name, `options.customDomains${at} lists ${own}, an Okta org's own host, not a custom domain`, `list only the org's custom URL domains (login.example.com); its own host belongs in gates.account`);
  }
  return new Map(domains.map((d) => [d.toLowerCase(), org]));
}
