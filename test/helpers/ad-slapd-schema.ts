// The few Active Directory attributes and classes the directory sources read, as an OpenLDAP
// schema, so that the live ldap source can be tested against a real slapd holding AD-shaped
// entries. The OIDs and names are Active Directory's own (MS-ADA1/2/3, MS-ADSC); the syntaxes are
// the nearest OpenLDAP has (AD's Large Integer and Enumeration as text, its SIDs and GUIDs as bytes).
// Only what the tests need: it is not AD, it lets AD's values reach the reader the way AD sends them.

const text = (oid: string, name: string) =>
  `attributetype ( ${oid} NAME '${name}' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )`;
const bytes = (oid: string, name: string) =>
  `attributetype ( ${oid} NAME '${name}' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )`;

export const AD_SLAPD_SCHEMA = [
  text("1.2.840.113556.1.4.8", "userAccountControl"),
  text("1.2.840.113556.1.4.159", "accountExpires"),
  text("1.2.840.113556.1.4.221", "sAMAccountName"),
  text("1.2.840.113556.1.4.302", "sAMAccountType"),
  text("1.2.840.113556.1.4.98", "primaryGroupID"),
  text("1.2.840.113556.1.2.48", "isDeleted"),
  bytes("1.2.840.113556.1.4.2", "objectGUID"),
  bytes("1.2.840.113556.1.4.146", "objectSid"),
  "objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL " +
    "MAY ( userAccountControl $ accountExpires $ sAMAccountName $ sAMAccountType $ primaryGroupID $ isDeleted $ objectGUID $ objectSid $ mail ) )",
  "objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn " +
    "MAY ( member $ sAMAccountName $ objectGUID $ objectSid ) )",
  "",
].join("\n");
