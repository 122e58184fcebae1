import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** PEM bundle to trust instead of the system's (the cluster's CA). */
  readonly ca?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** Sends one request; swapped for a stub in tests. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** Node's own http(s) client: no dependency to ship into the cluster. */
export const nodeHttpTransport: HttpTransport = (request) =>
  new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const outgoing = send(url, { method: request.method, headers: request.headers, ...(request.ca ? { ca: request.ca } : {}), timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${request.method} ${url.origin}${url.pathname} timed out`)));
    outgoing.on('error', reject);
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });

/** Throws with the status and the service's message unless the response is 2xx. */
export function expectOk(request: HttpRequest, response: HttpResponse): HttpResponse {
  if (response.status < 200 || response.status > 299) {
    const { pathname } = new URL(request.url);
    throw new Error(`${request.method} ${pathname} answered ${response.status}: ${response.body.slice(0, 300)}`);
  }
  return response;
}
