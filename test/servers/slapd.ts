// A throwaway OpenLDAP slapd for integration tests: its own temp dir, loopback only, a child of
// the test process. People are loaded offline (slapadd); groups are added online so that the
// memberof overlay fills memberOf, as it does in production.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "ldapts";
import { freePort } from "./free-port.js";

export const INSTALL_LINE = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils";
// Tests of the fresh-machine path point this at a path that does not exist.
const SLAPD = process.env.SCOPESYNC_TEST_SLAPD ?? "/usr/sbin/slapd";
const SLAPADD = "/usr/sbin/slapadd";
const SCHEMA_DIR = "/etc/ldap/schema";
const MODULE_DIR = "/usr/lib/ldap";

export const BASE_DN = "dc=globex,dc=example";
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;

export interface SlapdGroup {
  dn: string;
  attributes: Record<string, string | string[]>;
}

export interface SlapdOptions {
  /** The directory's suffix (default dc=globex,dc=example); ou=people and ou=groups are created under it. */
  suffix?: string;
  /** LDIF loaded offline with slapadd; the suffix, ou=people and ou=groups exist already. */
  ldif?: string;
  /** Added online after start (ldapts `add`), so that memberOf is filled on their members. */
  groups?: SlapdGroup[];
  /** Also listen on ldaps:// and allow StartTLS, with a fresh self-signed certificate for 127.0.0.1. */
  tls?: boolean;
  /** Where slapd is expected (tests of this harness point it elsewhere). */
  slapdPath?: string;
  /**
   * slapd's `sizelimit` for everyone but the rootdn (which no limit binds): the most entries one
   * search returns, paged or not. Default: slapd's own (500).
   */
  sizeLimit?: number;
  /**
   * Ordinary accounts to bind as (`cn=<cn>,ou=system,<suffix>`, password `exportPassword`), each
   * with its own slapd `limits` clause when given ("size=unlimited"): the rootdn, which the other
   * servers' tests bind as, is subject to no limit at all.
   */
  exportAccounts?: Array<{ cn: string; limits?: string }>;
  /**
   * Further schema (slapd.conf `attributetype` / `objectclass` lines), included after the standard
   * ones: attributes of another directory's schema (Active Directory's userAccountControl, objectSid,
   * …) that entries in `ldif` and `groups` use.
   */
  schema?: string;
  /**
   * slapd.access(5) directives for the database ("to attrs=objectClass by * none"), each written
   * as `access <directive>`, then `access to * by * read`. The rootdn is subject to none of them:
   * bind as an `exportAccounts` account to be.
   */
  access?: string[];
}

export interface SlapdServer {
  url: string;
  bindDN: string;
  password: string;
  baseDN: string;
  port: number;
  /** With `tls: true`: the ldaps:// URL and the PEM file that signs the server's certificate. */
  ldapsUrl?: string;
  caFile?: string;
  /** The password of every `exportAccounts` entry. */
  exportPassword: string;
  pid: number;
  /** The server's temp dir (config, database, pidfile); gone after stop(). */
  dir: string;
  /** Milliseconds from the call to a server that accepts binds and holds its groups. */
  startMs: number;
  /** Stops the server, waits for it to exit and removes its files. Safe to call twice, and after kill(). */
  stop(): Promise<void>;
  /** SIGKILL (a crash); resolves once the process is gone. Files stay until stop(). */
  kill(): Promise<void>;
  /**
   * SIGSTOP: the kernel still accepts connections, but nothing answers (for timeouts). Resolves
   * once every thread has stopped: kill() returns while a thread on the other core may still run
   * and answer one more request.
   */
  pause(): Promise<void>;
  resume(): void;
}

/** The files a throwaway slapd needs that this machine lacks (none: the LDAP tests can run). */
export function slapdMissing(slapd = SLAPD): string[] {
  return [slapd, SLAPADD, join(SCHEMA_DIR, "inetorgperson.schema"), join(MODULE_DIR, "back_mdb.so"), join(MODULE_DIR, "memberof.so")].filter((path) => !existsSync(path));
}

function checkInstalled(slapd: string): void {
  const missing = slapdMissing(slapd);
  if (missing.length > 0) {
    throw new Error(`OpenLDAP slapd is not installed (missing ${missing.join(", ")}). Install it as root: ${INSTALL_LINE}`);
  }
}

const accountDN = (cn: string, suffix: string) => `cn=${cn},ou=system,${suffix}`;

function slapdConf(dir: string, password: string, tls: boolean, suffix: string, sizeLimit?: number, accounts: SlapdOptions["exportAccounts"] = [], extraSchema?: string, access?: string[]): string {
  return [
    ...(tls ? [`TLSCertificateFile "${join(dir, "cert.pem")}"`, `TLSCertificateKeyFile "${join(dir, "key.pem")}"`] : []),
    ...["core", "cosine", "nis", "inetorgperson"].map((schema) => `include ${SCHEMA_DIR}/${schema}.schema`),
    ...(extraSchema ? [`include "${extraSchema}"`] : []),
    `modulepath ${MODULE_DIR}`,
    "moduleload back_mdb",
    "moduleload memberof",
    // ppolicy brings the pwdAccountLockedTime attribute that marks a locked account.
    "moduleload ppolicy",
    `pidfile "${join(dir, "slapd.pid")}"`,
    `argsfile "${join(dir, "slapd.args")}"`,
    // Paged searches count against it too (size.pr defaults to size): a cut result, not a page.
    ...(sizeLimit !== undefined ? [`sizelimit ${sizeLimit}`] : []),
    "database mdb",
    `suffix "${suffix}"`,
    `rootdn "cn=admin,${suffix}"`,
    `rootpw ${password}`,
    `directory "${join(dir, "db")}"`,
    "maxsize 268435456",
    ...accounts.filter((a) => a.limits).map((a) => `limits dn.exact="${accountDN(a.cn, suffix)}" ${a.limits}`),
    // Without access lines slapd's default is read for all; with some, whatever they leave unnamed is denied.
    ...(access ? [...access.map((line) => `access ${line}`), "access to * by * read"] : []),
    "overlay memberof",
    "overlay ppolicy",
    "",
  ].join("\n");
}

function accountsLdif(suffix: string, accounts: SlapdOptions["exportAccounts"], password: string): string {
  if (!accounts || accounts.length === 0) return "";
  const entries = accounts.map((a) => `dn: ${accountDN(a.cn, suffix)}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: ${a.cn}\nuserPassword: ${password}\n`);
  return [`dn: ou=system,${suffix}\nobjectClass: organizationalUnit\nou: system\n`, ...entries].join("\n") + "\n";
}

function baseLdif(suffix: string): string {
  const dc = /^dc=([^,]+)/i.exec(suffix)?.[1] ?? "example";
  return `dn: ${suffix}
objectClass: dcObject
objectClass: organization
o: ${dc}
dc: ${dc}

dn: ou=people,${suffix}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${suffix}
objectClass: organizationalUnit
ou: groups
`;
}

function run(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(" ")} failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acceptsBind(url: string, bindDN: string, password: string): Promise<boolean> {
  const client = new Client({ url, connectTimeout: 500, timeout: 1000 });
  try {
    await client.bind(bindDN, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  stderr: () => string;
  url: string;
  port: number;
  ldapsUrl?: string;
}

/** A self-signed certificate for 127.0.0.1 (it is its own CA), made with openssl. */
async function makeCertificate(dir: string): Promise<void> {
  await run("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-addext", "basicConstraints=critical,CA:TRUE",
  ], dir);
}

/** Starts slapd on a free loopback port; retries on another port if it lost a race for one. */
async function launch(slapd: string, conf: string, bindDN: string, password: string, tls: boolean): Promise<Running> {
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `ldap://127.0.0.1:${port}`;
    const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
    const listen = ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`;
    const child = spawn(slapd, ["-f", conf, "-h", listen, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString("utf8");
    });
    let gone = false;
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => {
        gone = true;
        resolve();
      });
      child.once("error", (error) => {
        stderr += error.message;
        gone = true;
        resolve();
      });
    });
    const deadline = Date.now() + 10_000;
    while (!gone && Date.now() < deadline) {
      if (await acceptsBind(url, bindDN, password)) return { child, exited, stderr: () => stderr, url, port, ldapsUrl };
      await sleep(10);
    }
    if (!gone) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`slapd did not accept a bind on ${url} within 10 s: ${stderr.trim()}`);
    }
    lastError = stderr.trim();
    if (!/address already in use|bind.*failed/i.test(lastError)) break;
  }
  throw new Error(`slapd exited during start: ${lastError || "no output"}`);
}

/** Starts a fresh slapd with the given people and groups. Always call `stop()` (afterAll). */
export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  const slapd = options.slapdPath ?? SLAPD;
  checkInstalled(slapd);
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "scopesync-slapd-"));
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const exportPassword = `pw-${randomBytes(9).toString("hex")}`;
  const conf = join(dir, "slapd.conf");
  const suffix = options.suffix ?? BASE_DN;
  const bindDN = `cn=admin,${suffix}`;
  let running: Running | undefined;
  const onExit = () => running?.child.kill("SIGKILL");
  try {
    await mkdir(join(dir, "db"));
    if (options.tls) await makeCertificate(dir);
    const extraSchema = options.schema === undefined ? undefined : join(dir, "extra.schema");
    if (extraSchema) await writeFile(extraSchema, options.schema!);
    await writeFile(conf, slapdConf(dir, password, options.tls === true, suffix, options.sizeLimit, options.exportAccounts, extraSchema, options.access));
    await writeFile(join(dir, "seed.ldif"), `${baseLdif(suffix)}\n${accountsLdif(suffix, options.exportAccounts, exportPassword)}${options.ldif ?? ""}`);
    await run(SLAPADD, ["-q", "-f", conf, "-l", join(dir, "seed.ldif")], dir);
    running = await launch(slapd, conf, bindDN, password, options.tls === true);
    process.once("exit", onExit);
    await addGroups(running.url, bindDN, password, options.groups ?? []);
  } catch (error) {
    running?.child.kill("SIGKILL");
    await running?.exited;
    process.off("exit", onExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const { child, exited, url, port, ldapsUrl } = running;
  const alive = () => child.exitCode === null && child.signalCode === null;
  let removed = false;

  return {
    url,
    bindDN,
    password,
    baseDN: suffix,
    exportPassword,
    port,
    ...(ldapsUrl ? { ldapsUrl, caFile: join(dir, "cert.pem") } : {}),
    pid: child.pid ?? -1,
    dir,
    startMs: Math.round(performance.now() - started),
    async stop() {
      if (alive()) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
        const timedOut = await Promise.race([exited.then(() => false), sleep(3000).then(() => true)]);
        if (timedOut) child.kill("SIGKILL");
      }
      await exited;
      process.off("exit", onExit);
      if (!removed) {
        removed = true;
        await rm(dir, { recursive: true, force: true });
      }
    },
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
    async pause() {
      child.kill("SIGSTOP");
      await allThreadsStopped(child.pid!);
    },
    resume() {
      child.kill("SIGCONT");
    },
  };
}

/** Polls /proc until every thread of `pid` is in state T (stopped); fails after 5 s. */
async function allThreadsStopped(pid: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const tasks = await readdir(`/proc/${pid}/task`);
    const states = await Promise.all(tasks.map(async (task) => /\) (\S)/.exec(await readFile(`/proc/${pid}/task/${task}/stat`, "utf8"))?.[1]));
    if (states.every((state) => state === "T")) return;
    if (Date.now() > deadline) throw new Error(`slapd ${pid} did not stop within 5 s (thread states ${states.join(" ")})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function addGroups(url: string, bindDN: string, password: string, groups: SlapdGroup[]): Promise<void> {
  if (groups.length === 0) return;
  const client = new Client({ url, timeout: 5000 });
  try {
    await client.bind(bindDN, password);
    for (const group of groups) await client.add(group.dn, group.attributes);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
