// Names that say their value is a credential: a YAML key (`token:`, `dbPassword:`) and a URL's
// query parameter (`?access_token=`, `&sig=`). The repository's inline-secret scan judges keys by
// them, and the scan and every mask judge query parameters by them (secret-shapes.ts).

/** A key or parameter named as a secret: `password`, `api_key`, `clientSecret`, `dbPassword`, … */
export const SECRET_KEY = /(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|client[_-]?secret)$|(?:Password|Secret|Token|ApiKey|PrivateKey|AccessKey)$/i;
/** Query parameters that carry a credential by name (an API key, a signature, a session), besides SECRET_KEY's. */
const SECRET_PARAM = /(?:^|[-_.])(?:key|apikey|sig|signature|auth|pass|pwd|j?sessionid)$/i;
/** Pagination cursors are named like tokens (`pageToken`, `next_token`) but are no secret. */
const CURSOR_PARAM = /^(?:next|page|continuation)[-_]?(?:page[-_]?)?token$/i;

/** Whether a URL query parameter of this name carries a credential (`sig`, `X-Amz-Signature`, `access_token`), a cursor excepted. */
export function isCredentialParam(name: string): boolean {
  return (SECRET_KEY.test(name) || SECRET_PARAM.test(name)) && !CURSOR_PARAM.test(name);
}
