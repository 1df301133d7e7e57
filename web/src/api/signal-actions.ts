import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReviewInput } from '../components/review-dialog';
import { api } from './client';
import type { BulkResult, Signal } from './types';

/** After any change to signals, every list, count, rule statistic and audit view is stale. */
function useInvalidateSignals() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['signals', 'signal', 'counts', 'rules', 'audit', 'profile', 'notes'].map((key) =>
        queryClient.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

export function useReview() {
  const invalidate = useInvalidateSignals();
  return useMutation({
    mutationFn: ({ signalId, input }: { signalId: string; input: ReviewInput }) =>
      api.post<Signal>(`/signals/${signalId}/review`, input),
    onSuccess: invalidate,
  });
}

export function useReopen() {
  const invalidate = useInvalidateSignals();
  return useMutation({
    mutationFn: ({ signalId, notes }: { signalId: string; notes?: string }) =>
      api.post<Signal>(`/signals/${signalId}/reopen`, notes ? { notes } : {}),
    onSuccess: invalidate,
  });
}

export function useAssign() {
  const invalidate = useInvalidateSignals();
  return useMutation({
    mutationFn: async ({ signalIds, assigneeId }: { signalIds: string[]; assigneeId: string | null }) => {
      // The contract has no bulk assign; one request per signal, all sent together.
      const results = await Promise.allSettled(
        signalIds.map((id) => api.post<Signal>(`/signals/${id}/assign`, { assignee_id: assigneeId })),
      );
      const failed = results.filter((r) => r.status === 'rejected').length;
      if (failed > 0) throw new Error(`${failed} of ${signalIds.length} signals could not be assigned.`);
    },
    onSettled: invalidate,
  });
}

export function useBulkReview() {
  const invalidate = useInvalidateSignals();
  return useMutation({
    mutationFn: ({ signalIds, input }: { signalIds: string[]; input: ReviewInput }) =>
      api.post<{ results: BulkResult[] }>('/signals/bulk-review', { signal_ids: signalIds, ...input }),
    onSuccess: invalidate,
  });
}
