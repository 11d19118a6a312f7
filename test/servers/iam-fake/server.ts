// A stateful AWS IAM fake on node:http (127.0.0.1, random port) speaking the awsQuery protocol the
// IAM model declares: form-encoded POSTs with Action and Version, XML answers. Every request is
// checked against the pinned Smithy subset (spec.ts) and every answer too; anything off is a
// violation the test asserts away. Refusals are IAM's: NoSuchEntity (404) for an unknown user or
// key, AccessDenied (403) for an action the caller's policy does not allow, Throttling (400, "Rate
// exceeded"), InvalidClientTokenId (403) for an unknown access key id in the signature.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { escapeXml, IamSpec } from "./spec.js";

export interface FakeAccessKey { AccessKeyId: string; Status: "Active" | "Inactive"; CreateDate: Date; lastUsed?: { date: Date; service: string; region: string } }
/** A console password (IAM's LoginProfile); the password itself is never answered by IAM. */
export interface FakeLoginProfile { CreateDate: Date; lastUsed?: Date }
/** An X.509 signing certificate (IAM's SigningCertificate). */
export interface FakeSigningCertificate { CertificateId: string; Status: "Active" | "Inactive"; UploadDate: Date; CertificateBody: string }
/**
 * A service-specific credential (an Amazon Bedrock long-term API key, CodeCommit HTTPS Git
 * credentials). `password` is what CreateServiceSpecificCredential answered once: IAM never lists
 * it again, and the fake keeps it only so a test can see that it appears nowhere.
 */
export interface FakeServiceCredential { ServiceSpecificCredentialId: string; ServiceName: string; ServiceUserName?: string; Status: "Active" | "Inactive"; CreateDate: Date; ExpirationDate?: Date; password: string }
/** An SSH public key (CodeCommit over SSH). */
export interface FakeSshPublicKey { SSHPublicKeyId: string; Status: "Active" | "Inactive"; UploadDate: Date }
export interface FakeIamUser { UserName: string; UserId: string; Path: string; CreateDate: Date; keys: FakeAccessKey[]; loginProfile?: FakeLoginProfile; certificates?: FakeSigningCertificate[]; serviceCredentials?: FakeServiceCredential[]; sshKeys?: FakeSshPublicKey[] }

export type IamAction =
  | "iam:ListUsers" | "iam:ListAccessKeys" | "iam:GetAccessKeyLastUsed" | "iam:UpdateAccessKey" | "iam:DeleteAccessKey"
  | "iam:GetLoginProfile" | "iam:DeleteLoginProfile" | "iam:ListSigningCertificates" | "iam:UpdateSigningCertificate" | "iam:DeleteSigningCertificate"
  | "iam:ListServiceSpecificCredentials" | "iam:UpdateServiceSpecificCredential" | "iam:DeleteServiceSpecificCredential"
  | "iam:ListSSHPublicKeys" | "iam:UpdateSSHPublicKey" | "iam:DeleteSSHPublicKey";

export interface IamFakeOptions {
  accountId?: string;
  /** The access key the client signs with, and its secret (never sent by a SigV4 client). */
  accessKeyId: string;
  secretAccessKey: string;
  users?: FakeIamUser[];
  /** Actions the caller's policy allows; default all of them. */
  allow?: IamAction[];
  /** Most items per page whatever MaxItems asks (IAM: 1000); small values make paging visible. */
  maxPage?: number;
  /** Put the caller's secret into error messages, as a careless proxy might echo what it holds. */
  echoSecrets?: boolean;
}

export interface LoggedIamRequest { action: string; status: number; code?: string }

export interface IamFake {
  url: string;
  users: FakeIamUser[];
  allow: Set<IamAction>;
  requests: LoggedIamRequest[];
  violations: string[];
  /** The next `times` requests (optionally only of one action) answer Throttling. */
  throttle(times: number, action?: string): void;
  count(action: string): number;
  close(): Promise<void>;
}

const spec = new IamSpec();
const ALL: IamAction[] = ["iam:ListUsers", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:UpdateAccessKey", "iam:DeleteAccessKey", "iam:GetLoginProfile", "iam:DeleteLoginProfile", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate", "iam:DeleteSigningCertificate", "iam:ListServiceSpecificCredentials", "iam:UpdateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey", "iam:DeleteSSHPublicKey"];

class IamRefusal extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export async function startIamFake(options: IamFakeOptions): Promise<IamFake> {
  const account = options.accountId ?? "123456789012";
  const users = options.users ?? [];
  const requests: LoggedIamRequest[] = [];
  const violations: string[] = [];
  const throttles: Array<{ times: number; action?: string }> = [];
  const allow = new Set(options.allow ?? ALL);
  const maxPage = options.maxPage ?? 1000;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function answer(res: ServerResponse, status: number, xml: string): void {
    res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": randomUUID() });
    res.end(xml);
  }

  function refuse(res: ServerResponse, action: string, e: IamRefusal): void {
    const echo = options.echoSecrets ? ` (signed with ${options.accessKeyId}/${options.secretAccessKey})` : "";
    // A modelled error must be one the operation declares, with the model's status.
    const modelled = spec.errorStatus(e.code);
    if (modelled !== undefined && (modelled !== e.status || (spec.has(action) && !spec.declaresError(action, e.code) && e.code !== "NoSuchEntity"))) violations.push(`${action}: ${e.code} ${e.status} is not as the model declares`);
    requests.push({ action, status: e.status, code: e.code });
    const type = e.status >= 500 ? "Receiver" : "Sender";
    answer(res, e.status, `<ErrorResponse xmlns="${spec.namespace}"><Error><Type>${type}</Type><Code>${e.code}</Code><Message>${escapeXml(e.message + echo)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
  }

  function handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const form = new URLSearchParams(raw);
    const action = form.get("Action") ?? "";
    try {
      if (req.method !== "POST" || !/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) {
        violations.push(`unexpected request ${req.method} ${req.headers["content-type"] ?? ""}`);
        throw new IamRefusal("InvalidAction", "Could not find operation for the request.", 400);
      }
      const signed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/iam\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(req.headers.authorization ?? "");
      if (!signed) throw new IamRefusal("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
      if (signed[1] !== options.accessKeyId) throw new IamRefusal("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
      if (!spec.has(action)) {
        violations.push(`unexpected action ${action}`);
        throw new IamRefusal("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
      }
      if (form.get("Version") !== spec.version) violations.push(`${action}: Version ${form.get("Version")}, not ${spec.version}`);
      const params = Object.fromEntries([...form].filter(([k]) => k !== "Action" && k !== "Version"));
      const { input, problems } = spec.checkInput(action, params);
      if (problems.length > 0) {
        violations.push(...problems);
        throw new IamRefusal("ValidationError", problems[0]!, 400);
      }
      const throttle = throttles.find((t) => t.times > 0 && (!t.action || t.action === action));
      if (throttle) {
        throttle.times--;
        throw new IamRefusal("Throttling", "Rate exceeded", 400);
      }
      if (!allow.has(`iam:${action}` as IamAction)) {
        throw new IamRefusal("AccessDenied", `User: arn:aws:iam::${account}:user/scopesync is not authorized to perform: iam:${action} on resource: arn:aws:iam::${account}:user/${(input.UserName as string | undefined) ?? ""} because no identity-based policy allows the iam:${action} action`, 403);
      }
      const value = operate(action, input);
      const outputProblems = spec.checkOutput(action, value);
      violations.push(...outputProblems);
      requests.push({ action, status: 200 });
      answer(res, 200, spec.serialize(action, value, randomUUID()));
    } catch (e) {
      if (e instanceof IamRefusal) return refuse(res, action, e);
      violations.push(`fake failed: ${(e as Error).message}`);
      answer(res, 500, "");
    }
  }

  function user(name: string): FakeIamUser {
    // IAM user names are unique case-insensitively, and found so.
    const u = users.find((x) => x.UserName.toLowerCase() === name.toLowerCase());
    if (!u) throw new IamRefusal("NoSuchEntity", `The user with name ${name} cannot be found.`, 404);
    return u;
  }
  function key(u: FakeIamUser, id: string): FakeAccessKey {
    const k = u.keys.find((x) => x.AccessKeyId === id);
    if (!k) throw new IamRefusal("NoSuchEntity", `The Access Key with id ${id} cannot be found.`, 404);
    return k;
  }
  function page<T>(items: T[], input: Record<string, unknown>): { items: T[]; IsTruncated: boolean; Marker?: string } {
    const start = input.Marker === undefined ? 0 : Number(Buffer.from(String(input.Marker), "base64").toString("utf8"));
    const size = Math.min((input.MaxItems as number | undefined) ?? 100, maxPage);
    const more = start + size < items.length;
    return { items: items.slice(start, start + size), IsTruncated: more, ...(more ? { Marker: Buffer.from(String(start + size)).toString("base64") } : {}) };
  }
  const arn = (u: FakeIamUser): string => `arn:aws:iam::${account}:user${u.Path}${u.UserName}`;

  function operate(action: string, input: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (action) {
      case "ListUsers": {
        const prefix = (input.PathPrefix as string | undefined) ?? "/";
        const p = page(users.filter((u) => u.Path.startsWith(prefix)), input);
        // PasswordLastUsed: "the date and time … when the user's password was last used to sign in" (IAM API reference, User).
        return { Users: p.items.map((u) => ({ Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: arn(u), CreateDate: u.CreateDate, ...(u.loginProfile?.lastUsed ? { PasswordLastUsed: u.loginProfile.lastUsed } : {}) })), IsTruncated: p.IsTruncated, ...(p.Marker ? { Marker: p.Marker } : {}) };
      }
      case "ListAccessKeys": {
        const u = user(input.UserName as string);
        const p = page(u.keys, input);
        return { AccessKeyMetadata: p.items.map((k) => ({ UserName: u.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate })), IsTruncated: p.IsTruncated, ...(p.Marker ? { Marker: p.Marker } : {}) };
      }
      case "GetAccessKeyLastUsed": {
        const id = input.AccessKeyId as string;
        const u = users.find((x) => x.keys.some((k) => k.AccessKeyId === id));
        // The model declares no error for GetAccessKeyLastUsed; an unknown key id is refused as access
        // denied here (not checked against live IAM: the connector only asks for keys it just listed).
        if (!u) throw new IamRefusal("AccessDenied", `User: arn:aws:iam::${account}:user/scopesync is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`, 403);
        const k = key(u, id);
        // A key never used: no LastUsedDate, ServiceName and Region "N/A".
        return { UserName: u.UserName, AccessKeyLastUsed: k.lastUsed ? { LastUsedDate: k.lastUsed.date, ServiceName: k.lastUsed.service, Region: k.lastUsed.region } : { ServiceName: "N/A", Region: "N/A" } };
      }
      case "UpdateAccessKey": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        key(u, input.AccessKeyId as string).Status = input.Status as "Active" | "Inactive";
        return undefined;
      }
      case "DeleteAccessKey": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        const k = key(u, input.AccessKeyId as string);
        u.keys = u.keys.filter((x) => x !== k);
        return undefined;
      }
      case "GetLoginProfile": {
        // A user without a console password: NoSuchEntity (404), as IAM answers it.
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        if (!u.loginProfile) throw new IamRefusal("NoSuchEntity", `Login Profile for User ${u.UserName} cannot be found.`, 404);
        return { LoginProfile: { UserName: u.UserName, CreateDate: u.loginProfile.CreateDate, PasswordResetRequired: false } };
      }
      case "DeleteLoginProfile": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        if (!u.loginProfile) throw new IamRefusal("NoSuchEntity", `Login Profile for User ${u.UserName} cannot be found.`, 404);
        delete u.loginProfile;
        return undefined;
      }
      case "ListSigningCertificates": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        const p = page(u.certificates ?? [], input);
        return { Certificates: p.items.map((c) => ({ UserName: u.UserName, CertificateId: c.CertificateId, CertificateBody: c.CertificateBody, Status: c.Status, UploadDate: c.UploadDate })), IsTruncated: p.IsTruncated, ...(p.Marker ? { Marker: p.Marker } : {}) };
      }
      case "UpdateSigningCertificate":
      case "DeleteSigningCertificate": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        const c = (u.certificates ?? []).find((x) => x.CertificateId === input.CertificateId);
        if (!c) throw new IamRefusal("NoSuchEntity", `The Certificate with id ${String(input.CertificateId)} cannot be found.`, 404);
        if (action === "UpdateSigningCertificate") c.Status = input.Status as "Active" | "Inactive";
        else u.certificates = u.certificates!.filter((x) => x !== c);
        return undefined;
      }
      case "ListServiceSpecificCredentials": {
        // One user's (AllUsers, every user's, is not asked by the connector and not answered here).
        if (input.AllUsers !== undefined) throw new Error("AllUsers is not modelled by the fake");
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        // No ServiceName: "returns service-specific credentials for all services" (IAM API reference).
        const all = (u.serviceCredentials ?? []).filter((c) => input.ServiceName === undefined || c.ServiceName === input.ServiceName);
        const p = page(all, input);
        // The listing never carries the password: only Create/ResetServiceSpecificCredential answer it.
        return {
          ServiceSpecificCredentials: p.items.map((c) => ({ UserName: u.UserName, Status: c.Status, ...(c.ServiceUserName ? { ServiceUserName: c.ServiceUserName } : {}), CreateDate: c.CreateDate, ...(c.ExpirationDate ? { ExpirationDate: c.ExpirationDate } : {}), ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, ServiceName: c.ServiceName })),
          IsTruncated: p.IsTruncated, ...(p.Marker ? { Marker: p.Marker } : {}),
        };
      }
      case "UpdateServiceSpecificCredential":
      case "DeleteServiceSpecificCredential": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        const c = (u.serviceCredentials ?? []).find((x) => x.ServiceSpecificCredentialId === input.ServiceSpecificCredentialId);
        if (!c) throw new IamRefusal("NoSuchEntity", `No such credential ${String(input.ServiceSpecificCredentialId)} exists for user ${u.UserName}.`, 404);
        if (action === "UpdateServiceSpecificCredential") c.Status = input.Status as "Active" | "Inactive";
        else u.serviceCredentials = u.serviceCredentials!.filter((x) => x !== c);
        return undefined;
      }
      case "ListSSHPublicKeys": {
        const u = user((input.UserName as string | undefined) ?? "scopesync");
        const p = page(u.sshKeys ?? [], input);
        return { SSHPublicKeys: p.items.map((k) => ({ UserName: u.UserName, SSHPublicKeyId: k.SSHPublicKeyId, Status: k.Status, UploadDate: k.UploadDate })), IsTruncated: p.IsTruncated, ...(p.Marker ? { Marker: p.Marker } : {}) };
      }
      case "UpdateSSHPublicKey":
      case "DeleteSSHPublicKey": {
        const u = user(input.UserName as string);
        const k = (u.sshKeys ?? []).find((x) => x.SSHPublicKeyId === input.SSHPublicKeyId);
        if (!k) throw new IamRefusal("NoSuchEntity", `The Public Key with id ${String(input.SSHPublicKeyId)} cannot be found.`, 404);
        if (action === "UpdateSSHPublicKey") k.Status = input.Status as "Active" | "Inactive";
        else u.sshKeys = u.sshKeys!.filter((x) => x !== k);
        return undefined;
      }
    }
    throw new Error(`no handler for ${action}`);
  }

  return {
    url,
    users,
    allow,
    requests,
    violations,
    throttle: (times, action) => void throttles.push({ times, ...(action ? { action } : {}) }),
    count: (action) => requests.filter((r) => r.action === action).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
