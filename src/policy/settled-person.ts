// The diff asks, of each identity in each app, whether it loses access there (lifecycle.ts
// offboarding) and whether its access has not begun (pre-start.ts notStartedIn). For nearly every
// person the answer is no everywhere, and asking it of a million people in ten apps read each
// person's status, attributes and hire date ten times over: at a million people, 7.6 s of CPU
// profile (against 0.11 s at 100k), for the objects are spread over gigabytes and each read
// waits for memory. Answered once per plan here, the diff skips both questions for them.
import type { Identity } from "../model/identity.js";
import { startedBefore, surelyPastDay } from "./pre-start.js";

/**
 * Whether a person is settled at `now` in every app, whatever its policy: active, with no
 * termination date (so no leaver, suspension or rehire gap: lifecycle.ts offboarding) and no hire
 * date still to come however early an app gives access (`accounts.preStart` is a lead time, never
 * negative: pre-start.ts). Only a yes is an answer: a no means "ask each app".
 */
export function settledPerson(identity: Identity, now: number, surelyPast = surelyPastDay(now)): boolean {
  if (identity.kind !== "person" || identity.status !== "active") return false;
  const { hireDate, terminationDate } = identity.attributes;
  if (terminationDate !== undefined) return false;
  return hireDate === undefined || (typeof hireDate === "string" && startedBefore(hireDate, surelyPast));
}
