/** A counterparty a CONFIRMED signal paid; deleted when the signal is reopened. */
export interface ConfirmedCounterpartiesTable {
  tenant_id: string;
  environment: string;
  profile_id: string;
  counterparty_id: string;
  signal_id: string;
  /** The signal's last_seen_at when confirmed: only later debits are measured. */
  signal_last_seen_at: number;
  /** JSON ActorRef of the reviewer. */
  confirmed_by: string;
  confirmed_at: number;
}

/** One counterparty on a tenant environment's watch list (learning from reviews, issue 13). */
export interface WatchListTable {
  id: string;
  tenant_id: string;
  environment: string;
  counterparty_id: string;
  created_at: number;
}
