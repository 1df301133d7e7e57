/** A minimal client for the benchmark's own setup calls: both auth headers, JSON, expected statuses. */
export interface Api {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** POSTs an already serialised JSON body; throws unless the status is expected. */
  postRaw(path: string, body: string, expected?: readonly number[]): Promise<unknown>;
  post(path: string, body: unknown, expected?: readonly number[]): Promise<unknown>;
  get(path: string): Promise<unknown>;
}

export function createApi(baseUrl: string, tenantId: string, key: string): Api {
  const headers = { authorization: `Bearer ${key}`, 'x-tenant-id': tenantId };
  async function send(method: string, path: string, body: string | undefined, expected: readonly number[]) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    if (!expected.includes(res.status))
      throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }
  return {
    baseUrl,
    headers,
    postRaw: (path, body, expected = [200, 201]) => send('POST', path, body, expected),
    post: (path, body, expected = [200, 201]) => send('POST', path, JSON.stringify(body), expected),
    get: (path) => send('GET', path, undefined, [200]),
  };
}

/** Runs `work` over items with at most `concurrency` in flight, in order of start. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
