// The `count` a list asks for: options.pageSize, but no more than the app says it returns in one
// answer (ServiceProviderConfig `filter.maxResults`, RFC 7643 §5). An app that caps its pages
// below the count asked answers a short page, and a short page that reaches totalResults looks like
// the end of the list; asked no more than its cap, its capped page is a full one, whose
// totalResults the read does not believe (read.ts).
import type { ScimSession } from "./session.js";

/** The count to ask for; the app's cap is known once session.features() answered (read() asks it first). */
export function pageCount(session: ScimSession): number {
  const cap = session.known?.maxResults;
  return cap === undefined ? session.settings.pageSize : Math.min(session.settings.pageSize, cap);
}
