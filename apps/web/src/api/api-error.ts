/** An answer of the api that is not a success, with its `message` as a list. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Resolves a client call to its data, or throws an {@link ApiError} (status 0: no network). */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (error) {
    throw new ApiError(0, [(error as Error).message]);
  }
  if (answer.response.ok) return answer.data as T;
  const body = answer.error as { message?: unknown } | undefined;
  const message = body?.message;
  const messages = Array.isArray(message) ? message.map(String) : typeof message === 'string' ? [message] : [];
  throw new ApiError(answer.response.status, messages);
}
