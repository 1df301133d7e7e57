import type { Actor } from './context.js';

/** Who made a record, as notes and suppressions keep it: a signed-in user or an API key. */
export interface ActorRef {
  type: 'user' | 'api_key';
  id: string | null;
  name: string;
}

export function actorRef(actor: Actor): ActorRef {
  return actor.userId !== null
    ? { type: 'user', id: actor.userId, name: actor.name }
    : { type: 'api_key', id: actor.apiKeyId, name: actor.name };
}
