/**
 * Learning from reviews (issue 13): a counterparty that received a customer's money in a signal an
 * analyst CONFIRMED as exploitation. Later debits to it are measured by the CONFIRMED_COUNTERPARTY
 * rule: always for the profile that was exploited, and for every other profile of the tenant
 * environment when the tenant turned its watch list on and the counterparty is still listed.
 */
export interface ConfirmedCounterparty {
  counterpartyId: string;
  /** The CONFIRMED signal the counterparty was paid in. */
  signalId: string;
  /** The profile whose signal it was. */
  profileId: string;
  /**
   * The confirmed signal's last evidence time: only debits after it count, so the money the
   * analyst already reviewed is not raised again, whatever order items arrive in.
   */
  afterMs: number;
  /** Whether the confirmation is the scored profile's own (else it comes from the watch list). */
  ownProfile: boolean;
}

/** One stored confirmation, as the scoring shell loads it. */
export interface Confirmation {
  counterpartyId: string;
  signalId: string;
  profileId: string;
  afterMs: number;
  /** The counterparty is on the tenant's watch list (a supervisor may have removed it). */
  listed: boolean;
}

/**
 * The confirmations that weigh on `profileId`'s payments, one per counterparty: its own first (the
 * earliest), else, when the watch list is on, the earliest of another profile that is still listed.
 */
export function confirmationsInForce(
  confirmations: readonly Confirmation[],
  profileId: string,
  watchListEnabled: boolean,
): Map<string, ConfirmedCounterparty> {
  const byCounterparty = new Map<string, ConfirmedCounterparty>();
  for (const c of confirmations) {
    const ownProfile = c.profileId === profileId;
    if (!ownProfile && !(watchListEnabled && c.listed)) continue;
    const held = byCounterparty.get(c.counterpartyId);
    const better =
      !held ||
      (ownProfile && !held.ownProfile) ||
      (ownProfile === held.ownProfile && c.afterMs < held.afterMs);
    if (better)
      byCounterparty.set(c.counterpartyId, {
        counterpartyId: c.counterpartyId,
        signalId: c.signalId,
        profileId: c.profileId,
        afterMs: c.afterMs,
        ownProfile,
      });
  }
  return byCounterparty;
}
