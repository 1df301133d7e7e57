import { isUuid } from '../lib/ids.js';

/** The payload as an object, or a thrown error naming the task: jobs validate what they receive. */
export function payloadObject(task: string, payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new Error(`${task}: the payload is not an object`);
  return payload as Record<string, unknown>;
}

export function uuidField(task: string, payload: Record<string, unknown>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string' || !isUuid(value)) throw new Error(`${task}: ${field} must be a UUID`);
  return value;
}
