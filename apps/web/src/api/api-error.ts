/** An answer of the api that is not a success, with its `message` as a list. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
    /** A 429's or 503's Retry-After, in seconds: when asking again can succeed. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Resolves a client call to its data and the response (for its headers), or throws an {@link ApiError} (status 0: no network). */
export async function callWithResponse<T>(request: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    throw new ApiError(0, [(error as Error).message]);
  }
  if (answer.response.ok) return { data: answer.data as T, response: answer.response };
  const body = answer.error as { message?: unknown } | undefined;
  const message = body?.message;
  const messages = Array.isArray(message) ? message.map(String) : typeof message === 'string' ? [message] : [];
  const retryAfter = Number(answer.response.headers.get('retry-after'));
  throw new ApiError(answer.response.status, messages, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}

/** Resolves a client call to its data, or throws an {@link ApiError} (status 0: no network). */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  return (await callWithResponse(request)).data;
}
