import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  /** The client's address, as the api's HTTP server judges it (see DUBAN_TRUST_PROXY). */
  address: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** What the api knows about the request being served, for records that note where a change came from. */
export const RequestContext = {
  run<T>(scope: RequestScope, work: () => T): T {
    return storage.run(scope, work);
  },
  address(): string | null {
    return storage.getStore()?.address ?? null;
  },
};
