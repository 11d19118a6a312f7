// A policy repository whose one target is a running SCIM server (scimmy or better-auth), for the
// tests that run one scenario against both: the target's entry, the token's variable, the server's
// start and stop written once.
import { afterAll, beforeAll } from "vitest";
import { PolicyRepo, type RepoSpec } from "./policy-repo.js";

type PeerSpec = Omit<RepoSpec, "target" | "targetName"> & { targetName?: string };

/** The repository (target `targetName`, default crm, at `server`) and the environment that holds its token. */
export function scimPeerRepo(server: { url: string; token: string }, spec: PeerSpec): { repo: PolicyRepo; env: Record<string, string> } {
  const repo = new PolicyRepo({
    targetName: "crm",
    ...spec,
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
  });
  return { repo, env: { SCIM_TOKEN: server.token } };
}

export interface PeerSuite<P> {
  peer: P;
  repo: PolicyRepo;
  env: Record<string, string>;
}

/**
 * One server (`start`) and one repository for the describe block's tests, made before them and
 * removed after them; the fields are set once its beforeAll has run.
 */
export function scimPeerPerSuite<P extends { url: string; token: string; stop(): Promise<void> }>(start: () => Promise<P>, spec: PeerSpec): PeerSuite<P> {
  const suite = {} as PeerSuite<P>;
  beforeAll(async () => {
    suite.peer = await start();
    Object.assign(suite, scimPeerRepo(suite.peer, spec));
  }, 30_000);
  afterAll(async () => {
    suite.repo?.cleanup();
    await suite.peer?.stop();
  });
  return suite;
}
