// The logins apps link by (a githubLogin, a crmLogin in an overlay) can pass from one person to
// another as the identity's own login can: the leaver's GitHub account would then be the new
// person's, with what it holds, and the leaver's never offboarded.
import { describe, expect, it } from "vitest";
import { appLoginReuse } from "../../src/resolve/login-reuse.js";
import type { Identity } from "../../src/model/identity.js";

function person(id: string, anchor: string, displayName: string, attributes: Record<string, string> = {}, records: string[] = [anchor]): Identity {
  return { id, kind: "person", anchor, records, aliases: [], status: "active", attributes: { userName: id, displayName, ...attributes }, provenance: { githubLogin: { source: "file", at: `identities/people/${id}.yaml:4:16` } }, breakGlass: false };
}

describe("appLoginReuse", () => {
  const aisha = person("aisha.bello", "hr:W1040", "Aisha Bello", { githubLogin: "aishabello" }, ["hr:W1040", "okta:00u1"]);

  it("a login the snapshot gave one person and an overlay now gives another is an error naming both", () => {
    const ama = person("ama.bell", "hr:W1099", "Ama Bell", { githubLogin: "AishaBello" });
    const findings = appLoginReuse([ama], [aisha], ["githubLogin", "userName"]);
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.identity} ${f.location}`)).toEqual(["login-reused error ama.bell identities/people/ama.bell.yaml:4:16"]);
    expect(findings[0]!.message).toBe('the githubLogin "AishaBello" was hr:W1040 (Aisha Bello)\'s in the last accepted snapshot and is now hr:W1099 (Ama Bell)\'s (identities/people/ama.bell.yaml:4:16): not known to be the same person; the account of an app that links by githubLogin would pass to them with what it holds, and hr:W1040 would not be offboarded there');
  });

  it("the same person is no reuse: under the same anchor, or holding another record of theirs under their name; a shared record under another name is", () => {
    expect(appLoginReuse([aisha], [aisha], ["githubLogin"])).toEqual([]);
    const rehired = person("aisha.bello", "hr:W2040", "Aisha Bello", { githubLogin: "aishabello" }, ["hr:W2040", "okta:00u1"]);
    expect(appLoginReuse([rehired], [aisha], ["githubLogin"])).toEqual([]);
    const stranger = person("aisha.berg", "hr:W2041", "Aisha Berg", { githubLogin: "aishabello" }, ["hr:W2041", "okta:00u1"]);
    expect(appLoginReuse([stranger], [aisha], ["githubLogin"]).map((f) => f.identity)).toEqual(["aisha.berg"]);
  });

  it("a shared record that is a leaver's (switched off, without the new record's worker id) is no evidence, even under the same name: first.last conventions recycle logins between namesakes", () => {
    const namesake = { ...person("aisha.bello", "hr:W2040", "Aisha Bello", { githubLogin: "aishabello" }, ["hr:W2040", "okta:00u1"]), leaverRecords: ["okta:00u1"] };
    expect(appLoginReuse([namesake], [aisha], ["githubLogin"]).map((f) => `${f.rule} ${f.identity}`)).toEqual(["login-reused aisha.bello"]);
  });

  it("the identity's own login is login-reused's other check, not this one", () => {
    const other = person("aisha.bello", "hr:W3000", "Someone Else");
    expect(appLoginReuse([other], [aisha], ["userName"])).toEqual([]);
  });
});
