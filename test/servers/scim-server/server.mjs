// A real SCIM 2.0 service provider for integration tests: scimmy (protocol) + scimmy-routers
// (HTTP) on express 4, with the in-memory store of store.mjs. Started as a child process by
// test/servers/scim-server.ts, because scimmy's declarations are global (one server per process).
//
// Environment: SCIM_SERVER_TOKEN (required: the bearer token), SCIM_SERVER_MAX_RESULTS (cap on
// `count`, default 200), SCIM_SERVER_CLOCK (an ISO time that meta.created/lastModified say instead
// of the wall clock, so tests that inject time agree with the server), SCIM_SERVER_MODE
// (`aws-identity-center`: user and group lists and groups answered as AWS IAM Identity Center does, aws-identity-center.mjs;
// `unpaged`: unfiltered lists answer every resource whatever startIndex and count say, unpaged.mjs;
// `members-on-request`: Group.members is "returned": "request", shown only when `attributes` names
// it, as Keycloak's SCIM API does, members-on-request.mjs),
// SCIM_SERVER_META_DATES (`without-zone`: meta.created/lastModified sent as WSO2 IS and Apache SCIMple
// send them, meta-dates.mjs).
// Listens on 127.0.0.1, port 0 (or SCIM_SERVER_PORT), and tells the parent
// `{ ready: true, port }` over IPC. Exits when the parent goes away.
//
// Admin API (same bearer token, never counted, never faulted): GET /__admin/stats,
// GET /__admin/log, GET /__admin/members (displayName → userNames, whatever the mode shows over
// SCIM), POST /__admin/reset, POST /__admin/faults (a plan, see faults.mjs),
// POST /__admin/seed ({ users, groups }).
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import { awsIdentityCenter } from "./aws-identity-center.mjs";
import { faultMiddleware, faultPlan, prng } from "./faults.mjs";
import { membersOnRequest } from "./members-on-request.mjs";
import { metaDatesWithoutZone } from "./meta-dates.mjs";
import { createStore } from "./store.mjs";
import { unpaged } from "./unpaged.mjs";

const TOKEN = process.env.SCIM_SERVER_TOKEN;
if (!TOKEN) {
  console.error("scim-server: SCIM_SERVER_TOKEN is not set");
  process.exit(2);
}
const MAX_RESULTS = Number(process.env.SCIM_SERVER_MAX_RESULTS ?? 200);
const BASE = "/scim/v2";

const store = createStore({ clock: process.env.SCIM_SERVER_CLOCK });
SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
  .ingress(store.user.ingress).egress(store.user.egress).degress(store.user.degress);
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress(store.group.ingress).egress(store.group.egress).degress(store.group.degress);

const stats = { requests: {}, statuses: {}, faults: {} };
const log = [];
const faults = { plan: faultPlan(), random: prng(1) };

const authorised = (req) => req.header("authorization") === `Bearer ${TOKEN}`;
/** `GET /scim/v2/Users/:id` style key: ids folded so counters stay few. */
function routeKey(req) {
  const path = req.path.replace(/^\/scim\/v2/, "").replace(/^\/(Users|Groups)\/[^/]+$/, "/$1/:id");
  return `${req.method} ${path}`;
}

const app = express();
app.disable("x-powered-by");
app.set("etag", false); // ETags come from meta.version only, never from express's body hash.

const admin = express.Router();
admin.use(express.json({ limit: "20mb" }));
admin.use((req, res, next) => (authorised(req) ? next() : res.status(401).json({ error: "unauthorised" })));
admin.get("/stats", (req, res) => res.json({ ...stats, store: store.counts() }));
admin.get("/log", (req, res) => res.json(log));
admin.get("/members", (req, res) => res.json(store.members()));
admin.post("/reset", (req, res) => {
  store.reset();
  stats.requests = {};
  stats.statuses = {};
  stats.faults = {};
  log.length = 0;
  faults.plan = faultPlan();
  faults.random = prng(1);
  res.json({ ok: true });
});
admin.post("/faults", (req, res) => {
  try {
    faults.plan = faultPlan(req.body ?? {});
    faults.random = prng(faults.plan.seed);
    res.json(faults.plan);
  } catch (error) {
    res.status(400).json({ error: error.message });
  }
});
admin.post("/seed", (req, res) => {
  try {
    res.json(store.seed(req.body ?? {}));
  } catch (error) {
    res.status(400).json({ error: error.message });
  }
});
app.use("/__admin", admin);

// Counters and a request log (method, path with query, status, duration). Headers are never
// logged: a test scans this log for the bearer token.
app.use(BASE, (req, res, next) => {
  const started = performance.now();
  const key = routeKey(req);
  stats.requests[key] = (stats.requests[key] ?? 0) + 1;
  res.on("close", () => {
    const status = res.headersSent ? res.statusCode : 0;
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    log.push(`${req.method} ${req.originalUrl} ${status || "reset"} ${Math.round(performance.now() - started)}ms`);
  });
  next();
});
app.use(BASE, faultMiddleware(faults, (what) => (stats.faults[what] = (stats.faults[what] ?? 0) + 1)));

// An app that manages its users elsewhere (single sign-on, its own directory sync): it answers a
// PATCH of a user or group with 200 and the resource as it was, or with 204 (`ignoredPatchStatus`)
// and nothing. RFC 7644 section 3.5.2 makes a 200 body the resource after the change, so such an
// answer itself says nothing changed; a 204 says nothing at all, and neither does a group without
// `members` (`ignoredPatchOmitsMembers`).
app.use(BASE, (req, res, next) => {
  const match = /^\/(Users|Groups)\/([^/]+)$/.exec(req.path);
  const resource = faults.plan.ignorePatches && req.method === "PATCH" && match ? store.current(match[1], decodeURIComponent(match[2])) : undefined;
  if (!resource) return next();
  stats.faults["fault:ignored-patch"] = (stats.faults["fault:ignored-patch"] ?? 0) + 1;
  if (faults.plan.ignoredPatchStatus === 204) res.status(204).end();
  else {
    // `ignoredPatchOmitsMembers`: the group without its `members` attribute, as WSO2 IS answers a
    // group that has none (wso2-extensions/identity-inbound-provisioning-scim2#322, product-is#9619).
    const { members: _members, ...withoutMembers } = resource;
    const answer = faults.plan.ignoredPatchOmitsMembers && match[1] === "Groups" ? withoutMembers : resource;
    res.status(200).type("application/scim+json").send(JSON.stringify(answer));
  }
});

// An app that carries out a PATCH and answers "204 (No Content)" without the resource, which RFC
// 7644 section 3.5.2 allows: WSO2 IS can be set to answer group PATCHes so (wso2/product-is#6918,
// wso2-extensions/identity-inbound-provisioning-scim2#231: "a config that would return a 204
// response for Group PATCH requests"), scimgateway answers PATCHes "204 with no content"
// (jelhub/scimgateway#33). The change is made; only the answer says nothing about it.
app.use(BASE, (req, res, next) => {
  if (!(faults.plan.patchNoContent && req.method === "PATCH" && /^\/(Users|Groups)\/[^/]+$/.test(req.path))) return next();
  const send = res.send.bind(res);
  res.send = (body) => (res.statusCode === 200 ? (res.status(204), send()) : send(body));
  next();
});

// An app that does not take the `attributes` parameter (RFC 7644 section 3.4.2.5) and says so with
// a 400, as a server answers a query parameter it does not know (scimmy itself honours it).
app.use(BASE, (req, res, next) => {
  if (!(faults.plan.refuseAttributes && req.query.attributes !== undefined)) return next();
  stats.faults["fault:refused-attributes"] = (stats.faults["fault:refused-attributes"] ?? 0) + 1;
  res.status(400).type("application/scim+json").send(JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail: "unsupported query parameter: attributes",
  }));
});

// An app that answers a user PATCH with 200 and another user's resource.
app.use(BASE, (req, res, next) => {
  const match = /^\/Users\/([^/]+)$/.exec(req.path);
  const other = faults.plan.patchAnswersOtherUser && req.method === "PATCH" && match ? store.otherUser(decodeURIComponent(match[1])) : undefined;
  if (!other) return next();
  res.status(200).type("application/scim+json").send(JSON.stringify(other));
});

// An app whose single-user GET leaves out `active` (its list still gives it).
app.use(BASE, (req, res, next) => {
  const match = /^\/Users\/([^/]+)$/.exec(req.path);
  const user = faults.plan.omitActiveOnGet && req.method === "GET" && match ? store.current("Users", decodeURIComponent(match[1])) : undefined;
  if (!user) return next();
  const { active: _active, ...rest } = user;
  res.status(200).type("application/scim+json").send(JSON.stringify(rest));
});

// An app whose DELETE /Users/{id} answers 204 but only deactivates the user, who is still listed
// and still answered by GET, with active false. StoryChief: "The DELETE request works the same as
// updating the active property on a User. The deleted User will still be returned by GET /Users
// with the active field set to false"
// (https://help.storychief.io/en/articles/11632538-example-deactivate-and-reactivate-users-with-scim);
// Zuora's DELETE /scim/v2/Users/{id} "Deactivates a specific user"
// (https://developer.zuora.com/v1-api-reference/api/scim/deleteaspecificuser.md).
app.use(BASE, (req, res, next) => {
  const match = /^\/Users\/([^/]+)$/.exec(req.path);
  const user = faults.plan.deleteDeactivates && req.method === "DELETE" && match ? store.current("Users", decodeURIComponent(match[1])) : undefined;
  if (!user) return next();
  store.deactivate(user.id);
  res.status(204).end();
});

// An app that implements no DELETE /Users/{id}: the request falls through to the framework's own
// "not found" page, a 404 in HTML, and the user stays. Canva: "The Canva SCIM API doesn't implement
// a REST DELETE operation for a SCIM user. To deprovision a SCIM user, you can use the PATCH
// operation to set the user's active attribute to false" (https://www.canva.dev/docs/scim/delete-user).
app.use(BASE, (req, res, next) => {
  if (!(faults.plan.deleteUnrouted && req.method === "DELETE" && /^\/Users\/[^/]+$/.test(req.path))) return next();
  stats.faults["fault:delete-unrouted"] = (stats.faults["fault:delete-unrouted"] ?? 0) + 1;
  res.status(404).type("text/html").send(`<!DOCTYPE html><html><body><pre>Cannot DELETE ${req.originalUrl}</pre></body></html>`);
});

// An app that takes no PATCH: its ServiceProviderConfig says `patch.supported: false` and a PATCH is
// answered 405; users are replaced with PUT. authentik's SCIM source says so and answers PATCH with
// 405 "Method \"PATCH\" not allowed" (goauthentik/authentik#13386, #11249).
app.use(BASE, (req, res, next) => {
  if (!faults.plan.patchRefused) return next();
  if (req.method === "PATCH") {
    stats.faults["fault:patch-refused"] = (stats.faults["fault:patch-refused"] ?? 0) + 1;
    res.status(405).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405", detail: 'Method "PATCH" not allowed.' }));
    return;
  }
  if (req.method === "GET" && req.path === "/ServiceProviderConfig") {
    const json = res.json.bind(res);
    res.json = (body) => json({ ...body, patch: { supported: false } });
  }
  next();
});

// An app that keeps no externalId, or none of `dropAttributes` (top-level SCIM names, e.g. `title`,
// `active`): accepted on create and update (200), never stored, the value held before kept (open-webui's
// SCIM PATCH "silently ignores" such changes and answers the user as it was,
// open-webui/open-webui#30074). The store never sees them.
const userBody = express.json({ type: ["application/json", "application/scim+json"], limit: "20mb" });
app.use(BASE, (req, res, next) => {
  const dropped = [...(faults.plan.dropExternalId ? ["externalid"] : []), ...faults.plan.dropAttributes.map((a) => a.toLowerCase())];
  if (dropped.length === 0 || !["POST", "PUT", "PATCH"].includes(req.method) || !/^\/Users(\/[^/]+)?$/.test(req.path)) return next();
  // Parsed here (the routers' own parser then leaves it), the attributes taken out before scimmy sees them.
  userBody(req, res, (error) => {
    if (error) return next(error);
    const match = /^\/Users\/([^/]+)$/.exec(req.path);
    const current = match ? store.current("Users", decodeURIComponent(match[1])) : undefined;
    if (req.body && typeof req.body === "object") {
      for (const key of Object.keys(req.body)) {
        if (!dropped.includes(key.toLowerCase())) continue;
        // A PUT replaces the user: what the app ignores stays as it was.
        if (req.method === "PUT" && current?.[key] !== undefined) req.body[key] = current[key];
        else delete req.body[key];
      }
      if (Array.isArray(req.body.Operations)) req.body.Operations = req.body.Operations.filter((o) => !dropped.includes(String(o?.path ?? "").toLowerCase()));
    }
    // A PATCH of nothing but dropped attributes: answered 200 with the user as it is (open-webui answers so).
    const user = req.method === "PATCH" && req.body?.Operations?.length === 0 ? current : undefined;
    if (user) return res.status(200).type("application/scim+json").send(JSON.stringify(user));
    next();
  });
});

// An app that stores `lowerCaseAttributes` (top-level string attributes: `userName`, `title`; and
// `emails`, each address's value) in lower case, as apps that compare them without case (RFC 7643
// §8.7.1: `"caseExact": false`) often do (better-auth's SCIM plugin lower-cases e-mail addresses);
// the answer shows what it stored.
app.use(BASE, (req, res, next) => {
  const lowered = faults.plan.lowerCaseAttributes.map((a) => a.toLowerCase());
  if (lowered.length === 0 || !["POST", "PUT", "PATCH"].includes(req.method) || !/^\/Users(\/[^/]+)?$/.test(req.path)) return next();
  userBody(req, res, (error) => {
    if (error) return next(error);
    const address = (e) => (e && typeof e === "object" && typeof e.value === "string" ? { ...e, value: e.value.toLowerCase() } : e);
    const lower = (v) => (typeof v === "string" ? v.toLowerCase() : Array.isArray(v) ? v.map(address) : v);
    if (req.body && typeof req.body === "object") {
      for (const key of Object.keys(req.body)) if (lowered.includes(key.toLowerCase())) req.body[key] = lower(req.body[key]);
      if (Array.isArray(req.body.Operations)) for (const o of req.body.Operations) if (lowered.includes(String(o?.path ?? "").toLowerCase())) o.value = lower(o.value);
    }
    next();
  });
});

// An app whose GET /Schemas (RFC 7644 §4) declares `caseExactAttributes` (User attribute paths:
// `title`, `name.familyName`, `emails.value`, an enterprise one by its name, `employeeNumber`)
// `"caseExact": true`, as RFC 7643 §7 lets an app that keeps the case it is sent do; scimmy's own
// answer is RFC 7643 §8.7.1's, where every one of them is `false`. And an app that serves no
// /Schemas (`schemasStatus` 404, or 501 Not Implemented, RFC 7644 §3.12) or refuses it (400, 403).
const USER_SCHEMAS = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
app.use(BASE, (req, res, next) => {
  if (req.method !== "GET" || req.path !== "/Schemas") return next();
  const status = faults.plan.schemasStatus;
  if (status === 404) return res.status(404).type("text/html").send(`<!DOCTYPE html><html><body><pre>Cannot GET ${req.originalUrl}</pre></body></html>`);
  if (status) return res.status(status).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), detail: status === 501 ? "Not Implemented" : "Schemas are not available to this client" }));
  const exact = faults.plan.caseExactAttributes.map((a) => a.toLowerCase().split("."));
  if (exact.length === 0) return next();
  const mark = (attributes, path) => attributes.map((a) => {
    if (typeof a?.name !== "string" || a.name.toLowerCase() !== path[0]) return a;
    return path.length === 1 ? { ...a, caseExact: true } : { ...a, subAttributes: mark(a.subAttributes ?? [], path.slice(1)) };
  });
  const json = res.json.bind(res);
  res.json = (body) => json({
    ...body,
    Resources: (body?.Resources ?? []).map((schema) => (USER_SCHEMAS.includes(schema.id) ? { ...schema, attributes: exact.reduce(mark, schema.attributes) } : schema)),
  });
  next();
});

// An app that filters nothing: any `filter` is answered 400 invalidFilter, as Snowflake answers the
// filters it does not support ("Unsupported or malformed filter expressions are rejected with HTTP
// 400 Bad Request and SCIM error type invalidFilter",
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_03/bcr-2276). RFC 7644 §3.4.2.2
// makes filtering optional; with SCIM_SERVER_NO_FILTER its ServiceProviderConfig says so too.
app.use(BASE, (req, res, next) => {
  if (!(faults.plan.refuseFilter && req.method === "GET" && req.query.filter !== undefined)) return next();
  stats.faults["fault:refused-filter"] = (stats.faults["fault:refused-filter"] ?? 0) + 1;
  res.status(400).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidFilter", detail: `Unsupported filter: ${req.query.filter}` }));
});

// An app whose user filters find no one: every `filter` of GET /Users is answered 200 with an
// empty list. Snowflake documents so for filter attributes it does not support ("Filtering on
// unsupported attributes ... returns HTTP 200 with an empty Resources array", bcr-2276); an app whose search index lags its writes (eventual
// consistency) answers a user made a moment ago the same way. The user is still in the unfiltered list.
app.use(BASE, (req, res, next) => {
  if (!(faults.plan.filterFindsNothing && req.method === "GET" && req.path === "/Users" && req.query.filter !== undefined)) return next();
  stats.faults["fault:filter-finds-nothing"] = (stats.faults["fault:filter-finds-nothing"] ?? 0) + 1;
  res.status(200).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }));
});

// An app that caps the member list of a group at `groupMembersCap` (Sentry: "Note that the members
// field will only contain up to 10,000 members",
// https://docs.sentry.io/api/scim/list-an-organizations-paginated-teams/): every group answer lists
// at most that many; the store keeps them all (and User.groups still names every group).
app.use(BASE, (req, res, next) => {
  const cap = faults.plan.groupMembersCap;
  if (!cap || req.method !== "GET" || !/^\/Groups(\/[^/]+)?$/.test(req.path)) return next();
  const json = res.json.bind(res);
  const capped = (g) => (g && Array.isArray(g.members) ? { ...g, members: g.members.slice(0, cap) } : g);
  res.json = (body) => json(body && Array.isArray(body.Resources) ? { ...body, Resources: body.Resources.map(capped) } : capped(body));
  next();
});

// An app that ignores `count` but honours `startIndex`: every list answers its own page size (the
// server's cap, SCIM_SERVER_MAX_RESULTS) whatever count asks, from the startIndex asked, with
// totalResults that page's size (as capped apps report it: better-auth/better-auth#10398).
app.use(BASE, (req, res, next) => {
  if (!faults.plan.ignoreCount || req.method !== "GET" || !/^\/(Users|Groups)$/.test(req.path)) return next();
  stats.faults["fault:ignore-count"] = (stats.faults["fault:ignore-count"] ?? 0) + 1;
  req.query.count = String(MAX_RESULTS);
  const json = res.json.bind(res);
  res.json = (body) => json(body && Array.isArray(body.Resources) ? { ...body, totalResults: body.Resources.length } : body);
  next();
});

// An app whose ServiceProviderConfig declares no filter.maxResults (RFC 7643 §5 requires it; apps
// leave it out): nothing it declares tells a client how many one answer may hold.
app.use(BASE, (req, res, next) => {
  if (!faults.plan.undeclaredMaxResults || req.method !== "GET" || req.path !== "/ServiceProviderConfig") return next();
  const json = res.json.bind(res);
  res.json = (body) => {
    const { maxResults: _dropped, ...filter } = body?.filter ?? {};
    return json({ ...body, filter });
  };
  next();
});

// Servers cap page sizes; a client must page on totalResults, not on what it asked for.
app.use(BASE, (req, res, next) => {
  const count = Number(req.query.count);
  if (req.method === "GET" && Number.isInteger(count) && count > MAX_RESULTS) req.query.count = String(MAX_RESULTS);
  next();
});

// ETag / If-Match (RFC 7644 §3.14): the routers do not do it. A write whose If-Match does not
// name the current version gets 412; a resource that does not exist falls through to its 404.
app.use(BASE, (req, res, next) => {
  const match = /^\/(Users|Groups)\/([^/]+)$/.exec(req.path);
  const ifMatch = req.header("if-match");
  if (match && ifMatch && ["PUT", "PATCH", "DELETE"].includes(req.method)) {
    const current = store.version(match[1], decodeURIComponent(match[2]));
    const wanted = ifMatch.split(",").map((v) => v.trim());
    if (current && !wanted.includes("*") && !wanted.includes(current)) {
      res.status(412).type("application/scim+json").send(JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "412",
        detail: `If-Match ${ifMatch} does not match the current version ${current}`,
      }));
      return;
    }
  }
  // Send meta.version of single resources as the ETag header.
  const json = res.json.bind(res);
  res.json = (body) => {
    const version = body && typeof body === "object" && !Array.isArray(body.Resources) ? body.meta?.version : undefined;
    if (version && !res.headersSent) res.set("ETag", version);
    return json(body);
  };
  next();
});

// An app that writes meta dates without a zone (WSO2 IS, Apache SCIMple): meta-dates.mjs.
if (process.env.SCIM_SERVER_META_DATES === "without-zone") app.use(BASE, metaDatesWithoutZone());
else if (process.env.SCIM_SERVER_META_DATES) {
  console.error(`scim-server: unknown SCIM_SERVER_META_DATES ${process.env.SCIM_SERVER_META_DATES}`);
  process.exit(2);
}
// An app whose groups list no members and that answers only the filters AWS documents.
if (process.env.SCIM_SERVER_MODE === "aws-identity-center") app.use(BASE, awsIdentityCenter({ store, authorised, faults }));
// An app that ignores paging: its unfiltered lists are its whole list in one answer.
else if (process.env.SCIM_SERVER_MODE === "unpaged") app.use(BASE, unpaged({ store, authorised }));
// An app whose Group.members is "returned": "request" (Keycloak 26.6+): members-on-request.mjs.
else if (process.env.SCIM_SERVER_MODE === "members-on-request") app.use(BASE, membersOnRequest());
else if (process.env.SCIM_SERVER_MODE) {
  console.error(`scim-server: unknown SCIM_SERVER_MODE ${process.env.SCIM_SERVER_MODE}`);
  process.exit(2);
}

app.use(BASE, new SCIMMYRouters({
  type: "bearer",
  handler: (req) => {
    if (!authorised(req)) throw new Error("Authorization failed: a valid bearer token is required");
    return "scopesync";
  },
}));
// SCIM_SERVER_NO_FILTER: an app that declares no filter support (some do; RFC 7644 makes it optional).
// PATCH is said supported: scimmy-routers carry it out (scimmy's own default says false), except
// with the `patchRefused` fault, an app that takes only PUT.
SCIMMY.Config.set({ etag: true, patch: true, filter: process.env.SCIM_SERVER_NO_FILTER ? false : MAX_RESULTS });

const server = app.listen(Number(process.env.SCIM_SERVER_PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address();
  if (process.send) process.send({ ready: true, port });
  else console.log(`scim-server listening on http://127.0.0.1:${port}${BASE}`);
});
server.keepAliveTimeout = 5000;
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
