// IAM users and access keys for the aws-iam tests, in the shapes the IAM API reference documents
// (AccessKeyMetadata, AccessKeyLastUsed; key ids of 20 upper-case characters starting AKIA, user
// ids starting AIDA). Names and ids are made up.
import type { FakeIamUser } from "../../servers/iam-fake/server.js";

const at = (iso: string): Date => new Date(iso);

export function iamUsers(): FakeIamUser[] {
  return [
    {
      UserName: "svc-deployer", UserId: "AIDAEXAMPLEDEPLOYER1", Path: "/service/", CreateDate: at("2025-01-10T08:00:00Z"),
      keys: [
        { AccessKeyId: "AKIAEXAMPLEDEPLOY001", Status: "Active", CreateDate: at("2026-06-01T08:00:00Z"), lastUsed: { date: at("2026-11-25T12:00:00Z"), service: "s3", region: "eu-west-1" } },
        // Made by hand in the console; no file lists it.
        { AccessKeyId: "AKIAEXAMPLEDEPLOY002", Status: "Active", CreateDate: at("2026-10-01T08:00:00Z"), lastUsed: { date: at("2026-11-24T12:00:00Z"), service: "sts", region: "us-east-1" } },
      ],
    },
    {
      UserName: "svc-legacy", UserId: "AIDAEXAMPLELEGACY001", Path: "/service/", CreateDate: at("2023-03-01T08:00:00Z"),
      keys: [{ AccessKeyId: "AKIAEXAMPLELEGACY001", Status: "Active", CreateDate: at("2023-03-01T08:00:00Z"), lastUsed: { date: at("2026-11-01T00:00:00Z"), service: "ec2", region: "eu-central-1" } }],
    },
    {
      UserName: "svc-idle", UserId: "AIDAEXAMPLEIDLE00001", Path: "/service/", CreateDate: at("2024-02-01T08:00:00Z"),
      keys: [
        { AccessKeyId: "AKIAEXAMPLEIDLE00001", Status: "Active", CreateDate: at("2024-02-01T08:00:00Z"), lastUsed: { date: at("2026-05-01T00:00:00Z"), service: "sqs", region: "eu-west-1" } },
        // Never used since it was made, 100 days before the tests' NOW.
        { AccessKeyId: "AKIAEXAMPLEIDLE00002", Status: "Active", CreateDate: at("2026-08-18T09:00:00Z") },
      ],
    },
    {
      UserName: "svc-retired", UserId: "AIDAEXAMPLERETIRED01", Path: "/service/", CreateDate: at("2022-01-01T08:00:00Z"),
      keys: [{ AccessKeyId: "AKIAEXAMPLERETIRED01", Status: "Inactive", CreateDate: at("2022-01-01T08:00:00Z") }],
    },
    {
      UserName: "build-runner", UserId: "AIDAEXAMPLEBUILD0001", Path: "/service/", CreateDate: at("2025-05-05T08:00:00Z"),
      keys: [{ AccessKeyId: "AKIAEXAMPLEBUILD0001", Status: "Active", CreateDate: at("2025-05-05T08:00:00Z"), lastUsed: { date: at("2026-11-25T00:00:00Z"), service: "ecr", region: "eu-west-1" } }],
    },
    // Outside the target's path prefix: never read.
    { UserName: "alice", UserId: "AIDAEXAMPLEALICE0001", Path: "/people/", CreateDate: at("2021-01-01T08:00:00Z"), keys: [{ AccessKeyId: "AKIAEXAMPLEALICE0001", Status: "Active", CreateDate: at("2021-01-01T08:00:00Z") }] },
  ];
}
