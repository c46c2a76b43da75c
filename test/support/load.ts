import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface Answer {
  status: number;
  body: unknown;
}

/** Each instance listening on a loopback port: many concurrent clients need real sockets, kept alive by fetch. */
export async function listenAll(apps: NestFastifyApplication[]): Promise<string[]> {
  const urls: string[] = [];
  for (const app of apps) {
    await app.listen(0, '127.0.0.1');
    urls.push(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  }
  return urls;
}

/** One JSON call; the answer's body parsed when there is one. */
export async function call(
  url: string,
  method: string,
  path: string,
  authorization: string,
  body?: object,
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `work` on every item with `clients` in flight at most, as that many clients would. */
export async function inParallel<T, R>(
  items: readonly T[],
  clients: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const client = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index], index);
  };
  await Promise.all(Array.from({ length: Math.min(clients, items.length) }, client));
  return results;
}

/** Answers by status, e.g. `{ 200: 580, 409: 20 }`. */
export function byStatus(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The 5xx answers, each with its body (a request id to find it in the log). */
export const serverErrors = (answers: readonly Answer[]): Answer[] =>
  answers.filter((answer) => answer.status >= 500);
