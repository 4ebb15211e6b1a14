/** An approver's TOTP enrolment, stored with the secret encrypted. */
export interface TotpEnrolment {
  readonly principal: string;
  /** Encrypted secret (never the plain value). */
  readonly secret: string;
  readonly createdAt: string;
}

/** Durable TOTP enrolments and the codes already spent (a code is single-use). */
export interface TotpRepository {
  get(principal: string): TotpEnrolment | undefined;
  put(enrolment: TotpEnrolment): void;
  /**
   * Records that `principal` spent the code of time step `step` on `approvalId`. False when that step
   * (or a later one) was already spent: replays are refused atomically.
   */
  spend(principal: string, step: number, approvalId: string, at: string): boolean;
}

/** Second-factor checks the approval service asks for (`secondFactor: totp`). */
export interface SecondFactor {
  /** Starts (or restarts) enrolment; the answer must only be shown privately. */
  enrol(principal: string): { readonly secret: string; readonly uri: string };
  enrolled(principal: string): boolean;
  /** Checks and spends `code` for this approval; a refusal message, or undefined when accepted. */
  verify(principal: string, code: string, approvalId: string): string | undefined;
}
