import type { services } from 'ask-sdk-model';
import axios, { type AxiosInstance } from 'axios';

/** The Alexa service API did not answer within the timeout. */
export class ApiTimeoutError extends Error {
  override readonly name = 'ApiTimeoutError';
}

/**
 * ask-sdk-core's ApiClient with a timeout (the SDK's DefaultApiClient has none, so a slow Alexa API would hold
 * the response past Alexa's 8-second limit). Like DefaultApiClient it resolves for every HTTP status and lets
 * the service client turn non-2xx answers into errors; it rejects only when no answer came.
 */
export class TimeoutApiClient implements services.ApiClient {
  private readonly http: AxiosInstance;

  constructor(private readonly timeoutMs: number) {
    this.http = axios.create({
      timeout: timeoutMs,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
    });
  }

  async invoke(request: services.ApiClientRequest): Promise<services.ApiClientResponse> {
    const headers: Record<string, string> = {};
    for (const { key, value } of request.headers) headers[key] = value;
    try {
      const response = await this.http.request<string>({
        url: request.url,
        method: request.method,
        headers,
        data: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const responseHeaders: { key: string; value: string }[] = [];
      for (const [key, value] of Object.entries(response.headers)) {
        if (typeof value === 'string') responseHeaders.push({ key, value });
      }
      return { statusCode: response.status, headers: responseHeaders, body: response.data };
    } catch (error) {
      if (axios.isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ERR_CANCELED')) {
        throw new ApiTimeoutError(`No answer from the Alexa API within ${this.timeoutMs} ms`);
      }
      // Never rethrow the axios error itself: it carries the request headers, the access token among them.
      const code = axios.isAxiosError(error) ? error.code : undefined;
      throw new Error(`Alexa API request failed${code ? ` (${code})` : ''}`);
    }
  }
}
