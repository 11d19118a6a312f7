// The IAM client of one target (the official @aws-sdk/client-iam, its request shapes, signing,
// paging and standard retry strategy), and the one place its errors become TargetErrors: the
// error's code and message (redacted: a server may echo what it was sent), never the request.
import { IAMClient } from "@aws-sdk/client-iam";
import { redact } from "../../model/redact.js";
import { TargetError } from "../target-error.js";
import type { AwsCredentials, AwsIamSettings } from "./settings.js";

export const IAM_PERMISSIONS = "iam:ListUsers, iam:ListAccessKeys, iam:GetAccessKeyLastUsed, iam:GetLoginProfile, iam:ListSigningCertificates, iam:ListServiceSpecificCredentials, iam:ListSSHPublicKeys to plan; iam:UpdateAccessKey, iam:UpdateSigningCertificate, iam:UpdateServiceSpecificCredential and iam:UpdateSSHPublicKey (revoke: deactivate) or iam:DeleteAccessKey, iam:DeleteSigningCertificate, iam:DeleteServiceSpecificCredential and iam:DeleteSSHPublicKey (revoke: delete), and iam:DeleteLoginProfile, to apply";

export function iamClient(settings: AwsIamSettings, credentials: AwsCredentials | undefined): IAMClient {
  return new IAMClient({
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

interface AwsError { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; $fault?: string }

/** An SDK error as a TargetError saying what was asked, what IAM answered and what to do. */
export function iamError(target: string, what: string, error: unknown): TargetError {
  const e = error as AwsError;
  const status = e.$metadata?.httpStatusCode;
  const code = e.name ?? "Error";
  const message = redact(String(e.message ?? "")).split(/\r?\n/)[0]!.slice(0, 300);
  if (status === undefined) {
    // No HTTP answer at all: a refused connection, a reset, a DNS failure, a timeout.
    return new TargetError(target, `${what}: ${code}${message ? `: ${message}` : ""}`, { retryable: true, hint: "a network failure: run the command again later; if it persists, check options.endpoint and the network" });
  }
  const throttled = code === "Throttling" || code === "ThrottlingException" || status === 429;
  const retryable = throttled || status >= 500;
  const denied = code === "AccessDenied" || code === "AccessDeniedException" || status === 403;
  return new TargetError(target, `${what}: ${status} ${code}${message ? `: ${message}` : ""}`, {
    status,
    retryable,
    ...(denied ? { hint: `the IAM identity scopesync signs in as needs ${IAM_PERMISSIONS}` } : throttled ? { hint: "IAM throttled the account's requests; they are retried, or lower the parallel applies" } : {}),
  });
}

/** The SDK call, with its failure turned into a TargetError. */
export async function iamCall<T>(target: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw iamError(target, what, e);
  }
}

/** An SDK failure caught to look at it first (NoSuchEntity), thrown on as a TargetError. */
export async function rethrow(target: string, what: string, e: unknown): Promise<never> {
  return iamCall(target, what, () => Promise.reject(e));
}
