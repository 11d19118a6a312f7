// The test server as an app that writes meta.created and meta.lastModified without a zone
// (SCIM_SERVER_META_DATES=without-zone). RFC 7643 §2.3.5 makes a DateTime an xsd:dateTime, whose
// zone is optional, and servers leave it out: WSO2 Identity Server writes
// "yyyy-MM-dd'T'HH:mm:ss", "2019-02-18T13:27:58" (https://github.com/wso2/product-is/issues/4455,
// and charon's SCIMConstants.dateTimeFormat, wso2/charon#259); Apache SCIMple writes a Java
// LocalDateTime, "2017-04-06T16:29:24.589", milliseconds only when there are some
// (https://github.com/PennState/SCIMple-Identity/issues/34). scimmy keeps ISO strings with "Z";
// this rewrites them in every answer, as such an app would send them, the store unchanged.
const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{3})?Z$/;

function zoneless(value) {
  const m = typeof value === "string" ? STAMPED.exec(value) : null;
  if (!m) return value;
  return m[2] && m[2] !== ".000" ? `${m[1]}${m[2]}` : m[1];
}

function rewrite(body) {
  if (Array.isArray(body)) return body.map(rewrite);
  if (!body || typeof body !== "object") return body;
  const out = {};
  for (const [key, value] of Object.entries(body)) out[key] = rewrite(value);
  if (out.meta && typeof out.meta === "object") out.meta = { ...out.meta, created: zoneless(out.meta.created), lastModified: zoneless(out.meta.lastModified) };
  return out;
}

/** Express middleware, mounted before scimmy: its JSON answers leave with zone-less meta dates. */
export function metaDatesWithoutZone() {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body) => json(rewrite(body));
    next();
  };
}
