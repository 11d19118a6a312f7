// One NHI that two discovery sources of one type report (an IAM user "deployer" in two AWS
// accounts, a service account with a token Secret of the same name in two Kubernetes clusters) has
// each system's credential, not one. The credential report names a key by its slot (access_key_1,
// the same column in every account's report: https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html)
// and a Secret name is unique only within its namespace of one cluster
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/). The later source's
// credential used to replace the earlier one's: when the owner left, the other account's active
// key was named by no finding and `nhi report` counted one credential (rv56 finding 1).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

async function planOf(dir: string): Promise<{ plan: Plan; stdout: string }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return { plan: JSON.parse(r.stdout) as Plan, stdout: r.stdout };
}

describe("an NHI two accounts or clusters report keeps each one's credential", () => {
  it("its owner left: each account's active key and each cluster's token is named, with the account or cluster to revoke it in", async () => {
    const dir = await scenarioForTest("nhi-offboarded-two-accounts");
    const { plan } = await planOf(dir);
    const hits = plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active");
    const aws = hits.filter((f) => f.identity === "svc-deployer");
    expect(aws.map((f) => f.location).sort()).toEqual(["aws-dev/credential-report.csv row 1 (line 2)", "aws-prod/credential-report.csv row 1 (line 2)"]);
    const dev = aws.find((f) => f.location!.startsWith("aws-dev/"))!;
    expect(dev.message).toContain("its api-key access_key_1 (aws-dev: deployer) is still active, last used 2026-11-25T21:40:00.000Z");
    expect(dev.remediation).toMatch(/^in AWS account 222222222222, find the key created 2026-08-03T10:05:00\.000Z with `aws iam list-access-keys --user-name deployer`/);
    const prod = aws.find((f) => f.location!.startsWith("aws-prod/"))!;
    expect(prod.message).toContain("its api-key access_key_1 (aws-prod: deployer) is still active, last used 2026-11-20T21:40:00.000Z");
    expect(prod.remediation).toMatch(/^in AWS account 111111111111, find the key created 2026-08-01T10:05:00\.000Z/);
    const k8s = hits.filter((f) => f.identity === "svc-ledger-sync").map((f) => f.remediation!.split(";")[0]).sort();
    expect(k8s).toEqual([
      "`kubectl delete secret ledger-sync-token --namespace payments` in the cluster source k8s-eu exports",
      "`kubectl delete secret ledger-sync-token --namespace payments` in the cluster source k8s-us exports",
    ]);
  });

  it("the same inputs give the same plan, byte for byte", async () => {
    const dir = await scenarioForTest("nhi-offboarded-two-accounts");
    const first = await planOf(dir);
    const second = await planOf(dir);
    expect(second.stdout).toBe(first.stdout);
  });

  it("nhi report counts and shows each account's key and each cluster's token, by the source that reported it", async () => {
    const dir = await scenarioForTest("nhi-offboarded-two-accounts");
    const r = await runCli(["nhi", "report", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("linus                    GONE    2 NHI(s), 4 credential(s), 4 not rotated, 0 unused");
    expect(r.stdout).toContain("    api-key access_key_1 (aws-prod): 116d old, NOT ROTATED, used 5d ago, no expiry (AWS cannot give one)\n    api-key access_key_1 (aws-dev): 114d old, NOT ROTATED, used 0d ago, no expiry (AWS cannot give one)\n");
    expect(r.stdout).toContain("    token ledger-sync-token (k8s-us): 998d old, NOT ROTATED, used 1d ago, no expiry (Kubernetes cannot give one)\n    token ledger-sync-token (k8s-eu): 1045d old, NOT ROTATED, used 8d ago, no expiry (Kubernetes cannot give one)\n");
  });

  it("its owner is active: the rotation rule judges both accounts' keys, not one", async () => {
    const dir = await scenarioForTest("nhi-offboarded-two-accounts");
    const nhis = join(dir, "identities", "nhi", "nhis.yaml");
    writeFileSync(nhis, readFileSync(nhis, "utf8").replaceAll("owner: linus", "owner: ada"));
    const { plan } = await planOf(dir);
    const aged = plan.findings.filter((f) => f.rule === "credential-max-age" && f.identity === "svc-deployer").map((f) => f.location).sort();
    expect(aged).toEqual(["aws-dev/credential-report.csv row 1 (line 2)", "aws-prod/credential-report.csv row 1 (line 2)"]);
  });
});
