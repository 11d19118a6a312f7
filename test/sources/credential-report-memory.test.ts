import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// Every discovered NHI keeps texts from its row of the IAM credential report (its user, ARN, the
// service its keys were last used with) for the whole plan. V8 cuts a substring of 13 characters
// or more as a view into its parent, so one such text would keep the whole report's text in
// memory. The reader (dist/: npm run build first) runs in a child process whose collector the
// test can call; each row carries 2,000 characters in a column the reader does not keep, so that
// the report's text is 10 MB, far more than its records.
const READER = new URL("../../dist/sources/aws-iam/credential-report.js", import.meta.url).href;
const HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

describe("the IAM credential report's records", () => {
  it("do not keep the report's text once it is read", () => {
    const program = `
      const { credentialReportUsers } = await import(${JSON.stringify(READER)});
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      const before = heap();
      const services = ["secretsmanager", "cloudformation", "elasticloadbalancing", "organizations"];
      const rows = [${JSON.stringify(HEADER)}];
      for (let i = 1; i <= 5000; i++) rows.push("svc-report-user-" + i + ",arn:aws:iam::123456789012:user/platform/svc-report-user-" + i + ",2026-01-05T09:00:00+00:00,false,N/A,N/A," + "x".repeat(2000) + ",false,true,2026-11-01T09:00:00+00:00,2026-11-30T09:00:00+00:00,us-east-1," + services[i % 4] + ",false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
      let text = rows.join("\\n") + "\\n"; rows.length = 0;
      const context = { name: "aws", config: { type: "aws-iam", path: "report.csv" }, repoDir: "/", env: {} };
      const keep = credentialReportUsers(context, { path: "report.csv", absolutePath: "/report.csv", text, mtime: new Date(0) });
      const textBytes = text.length;
      text = null;
      // V8 keeps the subject of the last regular expression run (a cell of the report) until the
      // next one runs: in a plan, one runs a moment later; here, this one.
      /next/.exec("next");
      // Measured at once, about one run in five still found the whole text on the heap (held for a
      // moment by V8's own work in the background); after a short wait, none in 22 runs.
      await new Promise((done) => setTimeout(done, 100));
      const kept = heap() - before;
      const service = keep[1].credentials[0].lastUsedService;
      process.stdout.write(JSON.stringify({ kept, textBytes, records: keep.length, service }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", program], { encoding: "utf8" })) as { kept: number; textBytes: number; records: number; service: string };
    expect(out.records).toBe(5000);
    expect(out.service).toBe("elasticloadbalancing");
    expect(out.textBytes).toBeGreaterThan(10_000_000);
    // The records alone are a few megabytes; with the text they would be more than 10.
    expect(out.kept).toBeLessThan(out.textBytes / 2);
  });
});
