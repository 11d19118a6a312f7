// credential-expiry-required on discovered credentials, read from the vendor-shaped fixtures
// (test/fixtures/sources): where the system cannot give a credential an expiry (AWS IAM user access
// keys, GitHub deploy keys, Kubernetes token Secrets) the finding stays, says so, and asks for the
// system's short-lived alternative; a GCP user-managed key can be given one and is asked for it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const FIXTURES = new URL("../fixtures/sources/", import.meta.url).pathname;

/** The fixture's export files (not its bad/ cases or golden) under exports/<type>/. */
function exportFiles(type: string, dir = join(FIXTURES, type), under = `exports/${type}`): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === "bad" || name.endsWith(".golden.txt")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, exportFiles(type, path, `${under}/${name}`));
    else files[`${under}/${name}`] = readFileSync(path, "utf8");
  }
  return files;
}

/** The scenario base with one discovery source reading its fixture; the expiry findings of the plan. */
async function expiryFindings(type: string, entry: string): Promise<Finding[]> {
  const base = readFileSync(join(SCENARIOS, "_base", "scopesync.yaml"), "utf8");
  const config = base.replace("targets:\n", `  ${type}:\n    type: ${type}\n    ${entry}\ntargets:\n`);
  const { plan } = await planWith({ "scopesync.yaml": config, ...exportFiles(type) });
  return plan.findings.filter((f) => f.rule === "credential-expiry-required");
}

/** A discovered credential's expiry is the system's (its export records it): set there, not in YAML. */
const inSystem = (source: string) => `re-issue the credential with an expiry in the system that issued it (${source}); the next export records it`;

describe("credential-expiry-required where the system cannot give an expiry", () => {
  it("an AWS IAM user's access key: AWS has no expiry for it, so temporary credentials from a role replace it", async () => {
    const hits = await expiryFindings("aws-iam", 'path: exports/aws-iam/credential-report.csv\n    options: { exportedAt: "2026-11-26T06:00:00Z" }');
    const key = hits.find((f) => f.identity === "ci-deployer")!;
    expect(key.message).toBe("api-key access_key_1 (aws-iam: ci-deployer) never expires, and AWS cannot give an IAM user's access key an expiry");
    expect(key.remediation).toBe(
      "use temporary credentials from an IAM role instead (an instance or task role in AWS, IAM Roles Anywhere outside it, OIDC federation for CI), then delete access_key_1 of IAM user ci-deployer; until then, rotate it within credential-max-age's maxAge",
    );
    // Still located at the report's row, and still the long-lived-secret control.
    expect(key.location).toBe("exports/aws-iam/credential-report.csv row 2 (line 3)");
    expect(key.controls).toContain("OWASP-NHI7");
    // Every access key in the report is told the same; none is told to set an expiry.
    expect(hits.length).toBeGreaterThan(1);
    for (const f of hits) expect(f.remediation).not.toContain("expiresAt");
  });

  it("a GitHub deploy key: GitHub has no expiry for it, so an App installation token replaces it", async () => {
    const hits = await expiryFindings("github", 'path: exports/github/installations.json\n    options: { deployKeys: exports/github/deploy-keys, patGrants: exports/github/pat-grants.json, exportedAt: "2026-11-26T06:00:00Z" }');
    const key = hits.find((f) => f.identity === "deploy-key-fleet-services-101")!;
    expect(key.message).toBe("ssh-key deploy-key:fleet-services:101 (github: acme-robotics/fleet-services) never expires, and GitHub cannot give a deploy key an expiry");
    expect(key.remediation).toBe(
      "use a GitHub App installation token instead (it expires after an hour; actions/create-github-app-token in workflows), then `gh repo deploy-key delete 101 --repo acme-robotics/fleet-services`; until then, rotate it within credential-max-age's maxAge",
    );
    expect(key.location).toBe("exports/github/deploy-keys/fleet-services.json entry 1");
    // A fine-grained token made without an expiry can be made with one (the org can require it).
    const grant = hits.find((f) => f.identity === "token-grant-25390")!;
    expect(grant.message).toBe("token pat-grant:25390 (github: linus) never expires");
    expect(grant.remediation).toBe(inSystem("github"));
  });

  it("a Kubernetes token Secret: Kubernetes has no expiry for it, so TokenRequest tokens replace it", async () => {
    const hits = await expiryFindings("kubernetes", 'path: exports/kubernetes/serviceaccounts.json\n    options: { secrets: exports/kubernetes/secrets.json, exportedAt: "2026-11-26T06:00:00Z" }');
    const token = hits.find((f) => f.message.startsWith("token ledger-sync-token "))!;
    expect(token.message).toBe("token ledger-sync-token (kubernetes: payments/ledger-sync) never expires, and Kubernetes cannot give a service account token Secret an expiry");
    expect(token.remediation).toBe(
      "use short-lived TokenRequest tokens instead (a projected serviceAccountToken volume in the pod, `kubectl create token ledger-sync -n payments` outside it), then `kubectl delete secret ledger-sync-token -n payments`; until then, rotate it within credential-max-age's maxAge",
    );
  });

  it("a deploy key written in YAML with cannotExpire: the alternative too, without a command it cannot address", async () => {
    const file = ["kind: ServiceAccount", "id: svc-mirror", "owner: ada", "credentials:", "  - id: mirror-deploy-key", "    type: ssh-key", "    target: app", '    issuedAt: "2026-10-01"', "    cannotExpire: github-deploy-key", "  - id: mirror-token", "    type: token", "    target: app", '    issuedAt: "2026-10-01"', ""].join("\n");
    const { plan } = await planWith({ "identities/svc-mirror.yaml": file });
    const hits = plan.findings.filter((f) => f.rule === "credential-expiry-required" && f.identity === "svc-mirror");
    const key = hits.find((f) => f.message.startsWith("ssh-key mirror-deploy-key "))!;
    expect(key.message).toBe("ssh-key mirror-deploy-key never expires, and GitHub cannot give a deploy key an expiry");
    // YAML names neither the repository nor GitHub's key id: no `gh` arguments are made up.
    expect(key.remediation).toBe(
      "use a GitHub App installation token instead (it expires after an hour; actions/create-github-app-token in workflows), then delete the deploy key in GitHub (`gh repo deploy-key delete`) and mirror-deploy-key here; until then, rotate it within credential-max-age's maxAge",
    );
    expect(key.location).toBe("identities/svc-mirror.yaml:5");
    // A token written without cannotExpire keeps the ordinary fix.
    expect(hits.find((f) => f.message.startsWith("token mirror-token "))?.remediation).toBe("issue the credential with an expiry and record it as expiresAt");
  });

  it("a GCP user-managed key without an expiry can be given one, in GCP: the ordinary finding", async () => {
    const hits = await expiryFindings("gcp-iam", 'path: exports/gcp-iam/service-accounts.json\n    options: { keys: exports/gcp-iam/keys.json, keyActivity: exports/gcp-iam/key-activity.json, exportedAt: "2026-11-26T06:00:00Z" }');
    const key = hits.find((f) => f.message.includes("/keys/1f2e3d4c5b6a79880716253443526170"))!;
    expect(key.message).toBe("api-key projects/corp-prod-1234/serviceAccounts/terraform@corp-prod-1234.iam.gserviceaccount.com/keys/1f2e3d4c5b6a79880716253443526170 (gcp-iam: terraform@corp-prod-1234.iam.gserviceaccount.com) never expires");
    expect(key.remediation).toBe(inSystem("gcp-iam"));
    // The SYSTEM_MANAGED key has an expiry and is Google's: no finding.
    expect(hits.some((f) => f.message.includes("a0b1c2d3e4f5061728394a5b6c7d8e9f"))).toBe(false);
  });
});
