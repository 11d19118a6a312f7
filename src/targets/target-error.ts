import { ScopesyncError } from "../model/errors.js";

/**
 * A target refused or failed a request. `retryable` marks 429, 5xx, resets and timeouts, which the
 * apply runner retries with backoff (honouring `retryAfterMs`); everything else fails the change.
 * Messages carry context (`scim (crm): 409 uniqueness on userName "ada"`), never a token.
 */
export class TargetError extends ScopesyncError {
  constructor(
    readonly target: string,
    message: string,
    readonly details: {
      status?: number;
      retryable?: boolean;
      retryAfterMs?: number;
      hint?: string;
      /**
       * A read that failed after reading pages its last attempt had not: the next attempt
       * (read({ resume: true })) goes on past them, so the retries count afresh from here.
       */
      progressed?: boolean;
    } = {},
  ) {
    super(`target "${target}": ${message}`, details.hint);
    this.name = "TargetError";
  }

  get retryable(): boolean {
    return this.details.retryable ?? false;
  }

  /** The message without its `target "x": ` prefix, to say again with other context around it. */
  get bare(): string {
    const prefix = `target "${this.target}": `;
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}
