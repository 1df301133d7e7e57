/**
 * Per-endpoint circuit breaker (in memory, per dispatcher): after `threshold` failed attempts in a
 * row an endpoint is left alone for `cooldownMs`, so a receiver that is down does not take a share
 * of every pass. Its deliveries stay PENDING meanwhile; after the cooldown one attempt probes it
 * (half-open): a success closes the circuit, a failure opens it again.
 */
export function createCircuitBreaker(options: { threshold: number; cooldownMs: number }) {
  const state = new Map<string, { failures: number; openUntilMs: number }>();
  return {
    /** Endpoints not to send to now. */
    openEndpoints(nowMs: number): string[] {
      return [...state].filter(([, s]) => s.openUntilMs > nowMs).map(([id]) => id);
    },
    /** Half-open endpoints: past their cooldown, their next attempt is a probe (one at a time). */
    probingEndpoints(nowMs: number): string[] {
      return [...state]
        .filter(([, s]) => s.failures >= options.threshold && s.openUntilMs <= nowMs)
        .map(([id]) => id);
    },
    record(endpointId: string, succeeded: boolean, nowMs: number): void {
      if (succeeded) {
        state.delete(endpointId);
        return;
      }
      const failures = (state.get(endpointId)?.failures ?? 0) + 1;
      const openUntilMs = failures >= options.threshold ? nowMs + options.cooldownMs : 0;
      state.set(endpointId, { failures, openUntilMs });
    },
  };
}
export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
