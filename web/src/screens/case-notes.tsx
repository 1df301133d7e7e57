import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api/client';
import type { Note, Page } from '../api/types';
import { ErrorMessage, Pager } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../lib/format';

export function CaseNotes({ signalId, canWrite }: { signalId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const list = useCursorList(['notes', signalId], (cursor) =>
    api.get<Page<Note>>(`/signals/${signalId}/notes`, { cursor, limit: 50 }),
  );
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: (text: string) => api.post<Note>(`/signals/${signalId}/notes`, { body: text }),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['notes', signalId] });
      await queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (body.trim() !== '') add.mutate(body.trim());
  };
  return (
    <>
      <ErrorMessage error={list.query.error ?? add.error} />
      {list.rows.length === 0 && !list.query.isLoading && <p className="empty">No notes yet.</p>}
      <ul className="notes" data-testid="notes">
        {list.rows.map((note) => (
          <li key={note.id}>
            <p className="note-meta">
              {note.author.name} · {dateTime(note.created_at)}
            </p>
            <p className="note-body">{note.body}</p>
          </li>
        ))}
      </ul>
      <Pager label="Notes" {...list} />
      {canWrite && (
        <form onSubmit={submit} className="note-form">
          <label htmlFor="note-body">Add a note</label>
          <textarea
            id="note-body"
            rows={3}
            maxLength={4000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <button type="submit" disabled={add.isPending || body.trim() === ''}>
            Add note
          </button>
        </form>
      )}
    </>
  );
}
