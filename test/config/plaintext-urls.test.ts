import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { isLoopbackUrl, isPlaintextHttp } from "../../src/model/loopback-url.js";
import { scimSettings } from "../../src/targets/scim/settings.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

/** The minimal repository with more sources and targets in its scopesync.yaml. */
function repoWith(sources: string, targets: string): string {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  onTestFinished(repo.cleanup);
  const config = join(repo.dir, "scopesync.yaml");
  const text = readFileSync(config, "utf8").replace("targets:\n", `${sources}targets:\n`);
  writeFileSync(config, `${text}${targets}`);
  return repo.dir;
}

const LDAP = (url: string, tls = "") => `  directory:\n    type: ldap\n    options:\n      url: ${url}\n      bindDN: cn=reader,dc=example,dc=com\n      password: \${env:LDAP_PASSWORD}\n      people:\n        baseDN: ou=people,dc=example,dc=com\n${tls}`;
const SCIM = (url: string) => `  crm:\n    type: scim\n    url: ${url}\n    token: \${env:CRM_TOKEN}\n`;
const GITHUB = (baseUrl: string) => `  ghes:\n    type: github\n    org: acme\n    token: \${env:GHES_TOKEN}\n    options:\n      baseUrl: ${baseUrl}\n`;

describe("a credential is never sent over the network in clear", () => {
  it("validate refuses a SCIM url, a GitHub baseUrl over http:// and an LDAP url without StartTLS, each at its line", async () => {
    const entra = "  apps:\n    type: entra-apps\n    token: ${env:ENTRA_SECRET}\n    options:\n      tenantId: 99999999-8888-7777-6666-555555555555\n      clientId: 11111111-2222-3333-4444-555555555555\n      loginUrl: http://login.example.net\n";
    const aws = "  iam:\n    type: aws-iam\n    options:\n      endpoint: http://iam.example.net\n";
    const dir = repoWith(LDAP("ldap://ldap.example.com:389"), SCIM("http:crm.example.com/scim/v2") + GITHUB("http://github.example.com/api/v3") + entra + aws);
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    const lines = readFileSync(join(dir, "scopesync.yaml"), "utf8").split("\n");
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(r.stderr).toContain(`scopesync.yaml:${lineOf("url: ldap://")}:12: sources.directory.options.url "ldap://ldap.example.com:389" would send the bind password unencrypted`);
    // As the WHATWG URL parser reads it, "http:crm.example.com" is http://crm.example.com.
    expect(r.stderr).toContain(`scopesync.yaml:${lineOf("url: http:crm")}:10: targets.crm.url "http:crm.example.com/scim/v2" would send the scim target's credentials unencrypted`);
    expect(r.stderr).toContain(`scopesync.yaml:${lineOf("baseUrl: http://")}:16: targets.ghes.options.baseUrl "http://github.example.com/api/v3" would send the github target's credentials unencrypted`);
    expect(r.stderr).toContain(`scopesync.yaml:${lineOf("loginUrl: http://")}:17: targets.apps.options.loginUrl "http://login.example.net" would send the entra-apps target's credentials unencrypted`);
    expect(r.stderr).toContain(`scopesync.yaml:${lineOf("endpoint: http://")}:17: targets.iam.options.endpoint "http://iam.example.net" would send the aws-iam target's credentials unencrypted`);
    expect(r.stderr).toContain("fix: use ldaps://, or set options.tls.startTLS: true");
    // Nothing was planned either: plan stops at the same problems.
    const plan = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("would send the scim target's credentials unencrypted");
  });

  it("https://, ldaps://, ldap:// with StartTLS and the loopback interface are accepted", async () => {
    const startTls = "      tls:\n        startTLS: true\n";
    const dir = repoWith(LDAP("ldap://ldap.example.com", startTls) + LDAP("ldap://127.0.0.1:3890").replace("directory", "local-ldap"), SCIM("https://crm.example.com/scim/v2") + SCIM("http://localhost:8080/scim/v2").replace("crm", "dev-crm") + GITHUB("https://github.example.com/api/v3"));
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.stderr).not.toContain("unencrypted");
    expect(r.code).toBe(0);
  });

  it("the SCIM connector refuses a plaintext URL however it arrives", () => {
    const ctx = { name: "crm", env: { CRM_TOKEN: "t0ken" } } as unknown as Parameters<typeof scimSettings>[1];
    expect(() => scimSettings({ type: "scim", url: "http://crm.example.com/scim/v2", token: "${env:CRM_TOKEN}" }, ctx)).toThrow(/url http:\/\/crm\.example\.com would send the bearer token unencrypted/);
    expect(scimSettings({ type: "scim", url: "http://127.0.0.1:9/scim/v2", token: "${env:CRM_TOKEN}" }, ctx).settings.baseUrl).toBe("http://127.0.0.1:9/scim/v2");
  });

  it("loopback means this machine only", () => {
    for (const url of ["http://localhost/x", "http://LOCALHOST:80", "http://127.0.0.1:3000", "http://127.8.9.10", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]/", "http://user:pw@localhost/", "ldap://127.0.0.1:389"]) expect(isLoopbackUrl(url), url).toBe(true);
    // A *.localhost name is resolved through DNS by Node.js like any other.
    for (const url of ["http://scim.localhost/", "http://localhost.example.com", "http://localhost@evil.example/", "http://127.0.0.1.nip.io", "http://10.0.0.1", "http://[::2]", "http://0.0.0.0", "ldap://ldap.example.com", "not a url"]) expect(isLoopbackUrl(url), url).toBe(false);
    expect(isPlaintextHttp("HTTP://crm.example.com")).toBe(true);
    expect(isPlaintextHttp("http:crm.example.com/scim")).toBe(true);
    expect(isPlaintextHttp("https://crm.example.com")).toBe(false);
    expect(isPlaintextHttp("http://localhost:8080/scim")).toBe(false);
  });
});
