import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError, type ApiError } from './errors.js';

/**
 * How deep a JSON body may nest (objects and arrays). The deepest legitimate body is a batch of
 * items with metadata: 3 levels of envelope leave metadata 29 of its own. Checked on the text
 * before it is parsed, because a 200k-deep body overflows the stack of whatever walks it next.
 */
export const MAX_BODY_DEPTH = 32;

/** Whether JSON text nests objects and arrays deeper than maxDepth (string contents are skipped). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The path of the first string (value or object key) holding U+0000, or undefined. PostgreSQL
 * text cannot store it, so it is refused for both databases alike. Walks without recursion.
 */
export function findNulCharacter(value: unknown, rootPath = ''): string | undefined {
  const stack: [unknown, string][] = [[value, rootPath]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], childPath(path, i)]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const at = childPath(path, key);
        if (key.includes('\u0000')) return at;
        stack.push([child, at]);
      }
    }
  }
  return undefined;
}

function nulRefusal(field: string): ApiError {
  const message = `${field} must not contain the NUL character (\\u0000)`;
  return apiError('VALIDATION_ERROR', message, [{ field, message }]);
}

/**
 * JSON bodies only (api.md §4), refused before they are stored when nested too deeply or holding
 * U+0000; query strings and path parameters holding U+0000 likewise (issue 12, finding 10).
 */
export function registerInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const body = typeof text === 'string' ? text : text.toString('utf8');
    if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
      done(
        apiError('VALIDATION_ERROR', `request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels)`),
        undefined,
      );
      return;
    }
    void parseJson(request, body, (error, parsed) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const field = findNulCharacter(parsed);
      if (field === undefined) done(null, parsed);
      else done(nulRefusal(field === '' ? 'body' : field), undefined);
    });
  });
  app.addHook('preValidation', (request: FastifyRequest, _reply, next) => {
    const field = findNulCharacter(request.query) ?? findNulCharacter(request.params);
    next(field === undefined ? undefined : nulRefusal(field));
  });
}
