// The one DN parser (src/model/dn.ts), RFC 4514 with the legacy forms directories still write.
import { describe, expect, it } from "vitest";
import { DnError, dnKey, firstRdn, parseDn } from "../../src/model/dn.js";

describe("RFC 4514 DN parser", () => {
  it("decodes escapes and hex pairs, including UTF-8 byte sequences", () => {
    expect(parseDn("cn=Kroker\\, Kif,ou=people")[0]).toEqual([{ type: "cn", value: "Kroker, Kif", hex: false }]);
    expect(parseDn("cn=Kroker\\2C Kif,ou=people")[0]![0]!.value).toBe("Kroker, Kif");
    expect(parseDn("cn=Rodr\\C3\\ADguez")[0]![0]!.value).toBe("Rodríguez");
    expect(parseDn("cn=\\#1\\+x\\;y\\<z\\>\\=\\\"q\\\\")[0]![0]!.value).toBe('#1+x;y<z>="q\\');
    expect(parseDn("cn=\\ lead and trail\\ ")[0]![0]!.value).toBe(" lead and trail ");
    expect(parseDn("cn=#04024869,dc=x")[0]![0]).toEqual({ type: "cn", value: "#04024869", hex: true });
  });

  it("gives one key to every spelling of the same DN", () => {
    const key = dnKey("cn=Kroker\\, Kif,ou=People,dc=planetexpress,dc=com");
    for (const spelling of [
      "CN=Kroker\\2C Kif,OU=people,DC=PlanetExpress,DC=com",
      "cn = kroker\\2c kif , ou=people ; dc=planetexpress,dc=com",
      'cn="Kroker, Kif",ou=people,dc=planetexpress,dc=com',
      "2.5.4.3=Kroker\\, Kif,OID.2.5.4.11=people,0.9.2342.19200300.100.1.25=planetexpress,dc=com",
      "cn=Kroker\\,  Kif,ou=people,dc=planetexpress,dc=com",
    ]) {
      expect(dnKey(spelling), spelling).toBe(key);
    }
    expect(dnKey("uid=jos\\C3\\A9,dc=x")).toBe(dnKey("UID=Jose\u0301,DC=X"));
  });

  it("orders the values of a multi-valued RDN canonically", () => {
    expect(dnKey("cn=Amy Wong+sn=Kroker,ou=people")).toBe(dnKey("SN=kroker + CN=amy wong,ou=people"));
    expect(dnKey("cn=Amy Wong+sn=Kroker,ou=people")).not.toBe(dnKey("cn=Amy Wong,sn=Kroker,ou=people"));
  });

  it("keeps apart what differs: an escaped separator, a hex string, another parent", () => {
    expect(dnKey("cn=a\\,b,dc=x")).not.toBe(dnKey("cn=a,cn=b,dc=x"));
    expect(dnKey("cn=a\\+b,dc=x")).not.toBe(dnKey("cn=a+cn=b,dc=x"));
    expect(dnKey("cn=\\#04,dc=x")).not.toBe(dnKey("cn=#04,dc=x"));
    expect(dnKey("cn=a,dc=x")).not.toBe(dnKey("cn=a,dc=y"));
  });

  it("names the first RDN's value, preferring a type in a multi-valued RDN", () => {
    expect(firstRdn("CN=All Staff,OU=Groups,DC=corp")).toEqual({ type: "cn", value: "All Staff" });
    expect(firstRdn("sn=Kroker+cn=Amy Wong,ou=people", "cn")).toEqual({ type: "cn", value: "Amy Wong" });
    expect(firstRdn("")).toBeUndefined();
  });

  it.each([
    ["cn=a,b", '"b" has no "=" (expected type=value)'],
    ["=a,dc=x", 'an RDN has no attribute type before "=" at position 1'],
    ["c n=a", '"c n" is not an attribute type'],
    ["cn=a\\", 'the value of cn ends with a lone "\\"'],
    ["cn=a\\x", '"\\x" in the value of cn is not an escape'],
    ["cn=\"a,dc=x", "the quoted value of cn has no closing '\"'"],
    ["cn=a\\FF\\FE", "the escaped bytes in the value of cn are not UTF-8"],
    ["cn=#123", "the hex value of cn is not whole bytes"],
  ])("refuses %j", (dn, message) => {
    expect(() => parseDn(dn)).toThrow(DnError);
    expect(() => parseDn(dn)).toThrow(message);
  });
});
