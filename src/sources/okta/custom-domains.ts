// An Okta org reached through a custom URL domain (login.example.com for example.okta.com): each
// user's `_links.self.href` names the host the API was called at, so an export fetched through the
// custom domain names it, not the org's own host. options.customDomains declares the custom
// domains of the org gates.account names: a user whose link names one is of that org (oktaOrg is
// the org's own host), so the gate and the snapshot compare one name whichever host was called.
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
