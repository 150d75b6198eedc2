import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { services } from 'ask-sdk-model';
import { type Deadline, NO_DEADLINE } from './deadline';
import { GreenHorizonsError } from './errors';

/** An Alexa service API call failed without a whole answer (the HTTP status, when there is one, is the client's). */
export class AlexaApiError extends GreenHorizonsError {
  override readonly name: string = 'AlexaApiError';
}

/** The Alexa service API did not answer within the timeout. */
export class ApiTimeoutError extends AlexaApiError {
  override readonly name = 'ApiTimeoutError';
}

/**
 * ask-sdk-core's ApiClient with a timeout (the SDK's DefaultApiClient has none, so a slow Alexa API would hold the
 * response past Alexa's 8-second limit). Like DefaultApiClient it resolves for every HTTP status and lets the service
 * client turn non-2xx answers into errors; it rejects only when no whole answer came in time.
 *
 * Built on node:http(s), which the DynamoDB client loads anyway: no HTTP library in the bundle for three GETs.
 * Errors never carry the request headers (the Alexa API access token is one of them).
 *
 * `within(deadline)` is the same client for one turn: each call's timeout is shortened to the time the turn has left.
 */
export class TimeoutApiClient implements services.ApiClient {
  constructor(
    private readonly timeoutMs: number,
    private readonly deadline: Deadline = NO_DEADLINE,
  ) {}

  /** This client for one turn, bounded by its deadline as well as by its own timeout. */
  within(deadline: Deadline): TimeoutApiClient {
    return new TimeoutApiClient(this.timeoutMs, deadline);
  }

  invoke(apiRequest: services.ApiClientRequest): Promise<services.ApiClientResponse> {
    const url = new URL(apiRequest.url);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const headers: Record<string, string> = {};
    for (const { key, value } of apiRequest.headers) headers[key] = value;
    const body = apiRequest.body;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));

    const timeoutMs = this.deadline.timeoutFor(this.timeoutMs);
    return new Promise((resolve, reject) => {
      const outgoing = send(
        url,
        { method: apiRequest.method, headers, signal: AbortSignal.timeout(timeoutMs) },
        (response) => collect(response).then(resolve, reject),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.name === 'AbortError' || error.name === 'TimeoutError'
            ? new ApiTimeoutError(`No answer from the Alexa API within ${timeoutMs} ms`)
            : new AlexaApiError(`Alexa API request failed${error.code ? ` (${error.code})` : ''}`, { cause: error }),
        );
      });
      outgoing.end(body);
    });
  }
}

function collect(response: IncomingMessage): Promise<services.ApiClientResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? new ApiTimeoutError('The Alexa API answer did not finish in time')
          : new AlexaApiError('Alexa API answer broke off', { cause: error }),
      ),
    );
    response.on('end', () => {
      const headers: { key: string; value: string }[] = [];
      for (const [key, value] of Object.entries(response.headers)) {
        if (typeof value === 'string') headers.push({ key, value });
        else if (Array.isArray(value)) headers.push({ key, value: value.join(', ') });
      }
      resolve({ statusCode: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
