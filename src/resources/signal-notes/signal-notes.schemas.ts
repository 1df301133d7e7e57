import { Type, type Static } from 'typebox';
import { ListQuery, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { isoTimestamp } from '../../lib/clock.js';
import { ActorRefResponse, toActorRefJson } from '../suppressions/suppressions.schemas.js';
import type { SignalNote } from './signal-notes.store.js';

export const MAX_NOTE_LENGTH = 10_000;

export const AddNoteBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: MAX_NOTE_LENGTH, description: 'Plain text' }) },
  { additionalProperties: false, title: 'AddSignalNote' },
);
export type AddNoteBody = Static<typeof AddNoteBody>;

export const ListNotesQuery = Type.Object({ ...ListQuery }, { additionalProperties: false });

export const NoteResponse = Type.Object(
  {
    id: Uuid,
    signal_id: Uuid,
    author: ActorRefResponse,
    body: Type.String(),
    created_at: Timestamp,
  },
  { title: 'SignalNote', description: 'Append-only: a note is never edited or removed' },
);
export const NotePage = Page(NoteResponse, 'SignalNotePage');

export function toNoteJson(n: SignalNote) {
  return {
    id: n.id,
    signal_id: n.signalId,
    author: toActorRefJson(n.author),
    body: n.body,
    created_at: isoTimestamp(n.createdAtMs),
  };
}
