// Search references (RFC 4511 §4.5.3 SearchResultReference, "continuation references"): a server
// answers a subtree search with the entries it holds and, for each naming context below the base
// that another server holds, a list of LDAP URLs where that part of the tree is. scopesync follows
// none of them, so the entries there are not in the read. What that means depends on what the
// referred-to part holds, decided here once for the live `ldap` source and the `ldif` export:
//
// - Active Directory answers every subtree search from a domain's root with references to the
//   forest's application partitions DomainDnsZones and ForestDnsZones (DNS zone data) and to the
//   Configuration partition (sites, services, the schema): "any query to the Active Directory source
//   will return references to all of these partitions" (Avaya, LDAP search results and referrals,
//   https://documentation.avaya.com/en-us/home/bundle/avaya-device-services/deployingavayadeviceservicesr102x/ldap-examples-andsearchresults/LDAP_Search_Results_and_Referrals.html;
//   Microsoft, MS-ADTS 3.1.1.4.7 Continuations: the crossRefs of the NC's subRefs,
//   https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/fb27dc71-b92d-4336-851d-e3cd04117692).
//   None of them holds the domain's users or groups, so the read lacks no one: they are noted
//   (source-partition-references, an info), never a reason to doubt the read.
// - Any other reference (a child domain: "the search will also return referrals to any subordinate
//   domains", https://learn.microsoft.com/en-us/windows/win32/ad/referrals; an OpenLDAP `referral`
//   entry pointing at another server) may hold people. The read then lacks them, and someone absent
//   there must not look like a leaver: the read is unproven (source-unproven-export), naming it.
import { DnError, parseDn, typeKey } from "../../../model/dn.js";

/** The Active Directory partitions that hold no users or groups of a domain, by the first RDN of their DN. */
const AD_PARTITIONS: ReadonlyArray<{ type: string; value: string; name: string }> = [
  { type: "dc", value: "domaindnszones", name: "DomainDnsZones" },
  { type: "dc", value: "forestdnszones", name: "ForestDnsZones" },
  { type: "cn", value: "configuration", name: "Configuration" },
];

export interface SearchReference {
  /** The URLs as the server sent them: one reference may name several servers that hold the same part. */
  uris: string[];
  /** The DN the first URL names (percent-decoded, RFC 4516), or undefined when it names none or is not a DN. */
  dn: string | undefined;
  /** "DomainDnsZones", "ForestDnsZones" or "Configuration" when every URL names that AD partition, which holds no people; else undefined. */
  partition: string | undefined;
}

/** The DN part of an LDAP URL (RFC 4516: ldap://host[:port]/dn[?attributes[?scope[?filter[?extensions]]]]). */
function urlDn(uri: string): string | undefined {
  const match = /^ldaps?:\/\/[^/]*\/([^?]*)/i.exec(uri.trim());
  if (!match || match[1] === "") return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * An AD partition only when the whole DN is the partition's RDN under a domain's DN (dc= RDNs
 * only): "DC=DomainDnsZones,DC=corp,DC=example", "CN=Configuration,DC=corp,DC=example". A
 * container of that name anywhere else may hold anything, and is not taken as one.
 */
function partitionOf(dn: string): string | undefined {
  let rdns;
  try {
    rdns = parseDn(dn);
  } catch (error) {
    if (error instanceof DnError) return undefined;
    throw error;
  }
  if (rdns.length < 2 || rdns.some((rdn) => rdn.length !== 1)) return undefined;
  const [first, ...domain] = rdns.map((rdn) => ({ type: typeKey(rdn[0]!.type), value: rdn[0]!.value.trim().toLowerCase() }));
  if (!domain.every((ava) => ava.type === "dc")) return undefined;
  return AD_PARTITIONS.find((p) => p.type === first!.type && p.value === first!.value)?.name;
}

/** What a reference (its URLs) names, and whether it is an AD partition that holds no people. */
export function classifyReference(uris: readonly string[]): SearchReference {
  const dns = uris.map(urlDn);
  const partitions = new Set(dns.map((dn) => (dn === undefined ? undefined : partitionOf(dn))));
  const [only] = partitions;
  return { uris: [...uris], dn: dns[0], partition: partitions.size === 1 ? only : undefined };
}

/** A reference as messages name it: its DN, or its first URL when it names no DN. */
export function referenceName(reference: SearchReference): string {
  return reference.dn ?? reference.uris[0] ?? "(a reference without a URL)";
}

/** The names of the partitions referred to, each once, in the order first met: "ForestDnsZones, DomainDnsZones, Configuration". */
export function partitionNames(references: readonly SearchReference[]): string {
  return [...new Set(references.map((r) => r.partition).filter((p) => p !== undefined))].join(", ");
}

/** Why AD partitions referred to are skipped, and what to change to stop the note, for both sources. */
export const PARTITION_REFERENCES_FIX =
  "Nothing to do: these Active Directory partitions hold DNS and forest configuration data, no users or groups of the domain. " +
  "To leave them out of the search, start it at the OU that holds the entries (e.g. OU=Groups,DC=example,DC=com) rather than at the domain's root: " +
  "Active Directory refers a subtree search to the partitions below its base, and they sit directly below the root.";

/** How to make a read whole again that a reference to elsewhere left without part of the tree. */
export function elsewhereFix(references: readonly SearchReference[], how: "export" | "live"): string {
  const dns = references.map(referenceName);
  const where = dns.length === 1 ? `"${dns[0]}"` : `those parts (${dns.map((d) => `"${d}"`).join(", ")})`;
  return how === "export"
    ? `scopesync does not follow search references. Either export ${where} too, from the server the reference names, with the same ldapsearch command (-H that server, -b that DN, without -L) appended to this file (>>), so that a search of it ends in "result: 0 Success" in the file; ` +
        "or start the search at a base that does not span it (the OU that holds the people or groups), so the server sends no reference, and read that domain with a source of its own."
    : `scopesync does not follow referrals. Start the search (options.people.baseDN, options.groups.baseDN) at a base that does not span ${where} (the OU that holds the people or groups), so the server sends no reference, ` +
        "and read that domain with a source of its own (options.url: the server the reference names).";
}
