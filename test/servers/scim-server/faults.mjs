// Fault injection for the SCIM test server: a seeded PRNG decides, per SCIM request, whether to
// answer 429 (with Retry-After), 500, reset the connection, or answer slowly. Same seed, same
// request sequence: same faults, so a failing test can be replayed. `rateLost` carries the request
// out and then drops the answer (a reset after the write), which is what idempotence is for.
// `rateEcho` answers with an error that echoes the Authorization header (a leaky proxy or debug page).
// `ignorePatches` is an app that manages its users elsewhere (server.mjs); `deleteDeactivates` one
// whose DELETE only deactivates the user (server.mjs); `patchNoContent` one that makes a PATCH and
// answers 204 without the resource (server.mjs); `refuseAttributes` one that answers 400 to any
// request naming `attributes` (server.mjs); `deleteUnrouted` one with no DELETE /Users/{id} (Canva),
// `patchRefused` one that takes only PUT, `dropExternalId` one that keeps no externalId (`dropAttributes`: nor those attributes), `lowerCaseAttributes` one that stores those in lower case, `refuseFilter` one that answers every filter 400, `filterFindsNothing` one that answers every user filter 200 with no one, and
// `groupMembersCap` one that lists at most that many members per group (Sentry), `caseExactAttributes`
// one whose /Schemas declares those User attributes `caseExact: true`, and `schemasStatus` one that
// answers GET /Schemas with that error (all server.mjs); `cursorShape` a cursor paging that misbehaves
// (aws-identity-center.mjs, that mode only); `ignoreCount` one whose lists answer its own page size
// whatever count asks, honouring startIndex, and `undeclaredMaxResults` one whose ServiceProviderConfig
// declares no filter.maxResults (server.mjs).

/** mulberry32: small, fast, good enough to spread faults; deterministic per seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NO_FAULTS = Object.freeze({ seed: 1, rate429: 0, rate500: 0, rateReset: 0, rateLost: 0, rateSlow: 0, slowMs: 0, retryAfter: 1, methods: [], rateEcho: 0, echoStatus: 400, echoFormat: "json", ignorePatches: false, ignoredPatchStatus: 200, omitActiveOnGet: false, patchAnswersOtherUser: false, deleteDeactivates: false, patchNoContent: false, ignoredPatchOmitsMembers: false, refuseAttributes: false, deleteUnrouted: false, patchRefused: false, dropExternalId: false, dropAttributes: [], lowerCaseAttributes: [], groupMembersCap: 0, refuseFilter: false, filterFindsNothing: false, caseExactAttributes: [], schemasStatus: 0, cursorShape: "", ignoreCount: false, undeclaredMaxResults: false });

/**
 * Validates and completes a fault plan sent by a test. Rates are shares of requests (0..1) and
 * add up to at most 1. `retryAfter` is seconds, or "date" for an HTTP-date one second ahead.
 * `methods` limits faults to those HTTP methods (empty: all).
 */
export function faultPlan(input = {}) {
  const plan = { ...NO_FAULTS, ...input };
  for (const key of ["rate429", "rate500", "rateReset", "rateLost", "rateSlow", "rateEcho"]) {
    if (typeof plan[key] !== "number" || plan[key] < 0 || plan[key] > 1) throw new Error(`${key} must be a number between 0 and 1`);
  }
  if (plan.rate429 + plan.rate500 + plan.rateReset + plan.rateLost + plan.rateSlow + plan.rateEcho > 1) throw new Error("fault rates add up to more than 1");
  if (!["json", "html"].includes(plan.echoFormat)) throw new Error('echoFormat must be "json" or "html"');
  if (!Number.isInteger(plan.echoStatus) || plan.echoStatus < 400 || plan.echoStatus > 599) throw new Error("echoStatus must be an HTTP error status");
  if (!Array.isArray(plan.methods)) throw new Error("methods must be a list of HTTP methods");
  if (typeof plan.ignorePatches !== "boolean") throw new Error("ignorePatches must be true or false");
  if (![200, 204].includes(plan.ignoredPatchStatus)) throw new Error("ignoredPatchStatus must be 200 or 204");
  if (typeof plan.omitActiveOnGet !== "boolean") throw new Error("omitActiveOnGet must be true or false");
  if (typeof plan.patchAnswersOtherUser !== "boolean") throw new Error("patchAnswersOtherUser must be true or false");
  if (typeof plan.deleteDeactivates !== "boolean") throw new Error("deleteDeactivates must be true or false");
  if (typeof plan.patchNoContent !== "boolean") throw new Error("patchNoContent must be true or false");
  if (typeof plan.ignoredPatchOmitsMembers !== "boolean") throw new Error("ignoredPatchOmitsMembers must be true or false");
  if (typeof plan.refuseAttributes !== "boolean") throw new Error("refuseAttributes must be true or false");
  for (const key of ["deleteUnrouted", "patchRefused", "dropExternalId", "refuseFilter", "filterFindsNothing", "ignoreCount", "undeclaredMaxResults"]) if (typeof plan[key] !== "boolean") throw new Error(`${key} must be true or false`);
  if (!Array.isArray(plan.dropAttributes) || plan.dropAttributes.some((a) => typeof a !== "string")) throw new Error("dropAttributes must be a list of attribute names");
  if (!Array.isArray(plan.lowerCaseAttributes) || plan.lowerCaseAttributes.some((a) => typeof a !== "string")) throw new Error("lowerCaseAttributes must be a list of attribute names");
  if (!Number.isInteger(plan.groupMembersCap) || plan.groupMembersCap < 0) throw new Error("groupMembersCap must be a whole number (0: no cap)");
  if (!Array.isArray(plan.caseExactAttributes) || plan.caseExactAttributes.some((a) => typeof a !== "string")) throw new Error("caseExactAttributes must be a list of User attribute paths (title, name.familyName, employeeNumber)");
  if (![0, 400, 403, 404, 501].includes(plan.schemasStatus)) throw new Error("schemasStatus must be 0 (served), 400, 403, 404 or 501");
  if (!["", "ignored", "ends-early", "page-total", "repeats"].includes(plan.cursorShape)) throw new Error('cursorShape must be "", "ignored", "ends-early", "page-total" or "repeats"');
  plan.methods = plan.methods.map((m) => String(m).toUpperCase());
  return plan;
}

/** Express middleware applying the current plan; `state.plan` and `state.random` are swapped by the admin API. */
export function faultMiddleware(state, count) {
  return (req, res, next) => {
    const plan = state.plan;
    if (plan.methods.length > 0 && !plan.methods.includes(req.method)) return next();
    const r = state.random();
    let edge = plan.rate429;
    if (r < edge) {
      count("fault:429");
      const retryAfter = plan.retryAfter === "date" ? new Date(Date.now() + 1000).toUTCString() : String(plan.retryAfter);
      res.status(429).set("Retry-After", retryAfter).type("application/scim+json")
        .send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429", detail: "Too many requests (injected)" }));
      return;
    }
    if (r < (edge += plan.rate500)) {
      count("fault:500");
      res.status(500).type("application/scim+json")
        .send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: "Internal server error (injected)" }));
      return;
    }
    if (r < (edge += plan.rateReset)) {
      count("fault:reset");
      req.socket.destroy();
      return;
    }
    if (r < (edge += plan.rateLost)) {
      // The request is carried out, but its answer never arrives: the case idempotence is for.
      count("fault:lost");
      res.end = () => {
        req.socket.destroy();
        return res;
      };
      return next();
    }
    if (r < (edge += plan.rateSlow)) {
      count("fault:slow");
      setTimeout(next, plan.slowMs);
      return;
    }
    if (r < (edge += plan.rateEcho)) {
      count("fault:echo");
      echo(req, res, plan);
      return;
    }
    next();
  };
}

/**
 * A misconfigured server or proxy that echoes the request's headers in its error answer, as debug
 * pages and some gateways do: the Authorization header as sent, and base64- and URL-encoded copies
 * (request dumps often carry them so). As a SCIM error envelope, or as an HTML error page.
 */
function echo(req, res, plan) {
  const authorization = req.header("authorization") ?? "";
  const dump = `Authorization: ${authorization}; X-Original-Auth: ${Buffer.from(authorization).toString("base64")}; forwarded=${encodeURIComponent(authorization)}`;
  if (plan.echoFormat === "html") {
    res.status(plan.echoStatus).type("text/html")
      .send(`<!DOCTYPE html><html><head><title>Error ${plan.echoStatus}</title></head><body><h1>Request rejected</h1><pre>${req.method} ${req.originalUrl}\n${dump}</pre></body></html>`);
    return;
  }
  res.status(plan.echoStatus).type("application/scim+json")
    .send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(plan.echoStatus), detail: `request rejected (${dump})` }));
}
