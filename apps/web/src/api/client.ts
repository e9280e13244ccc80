import createClient from 'openapi-fetch';
import { session } from '../auth/session';
import type { components, paths } from './schema';

/**
 * The typed client of /api/v1: paths, parameters and answers come from the api's OpenAPI
 * document (schema.d.ts, `npm run api:schema`). Pages call it through TanStack Query.
 */
export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    const token = session.get()?.token;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A token that no longer counts (expired, revoked by a password change or reset, account
    // disabled): back to 登录, with a word why.
    // Not for the two routes where a 401 is about the password typed in (login, 修改密码).
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !path.endsWith('/auth/login') && !path.endsWith('/auth/password')) session.signOut('expired');
    return response;
  },
});

export type Schemas = components['schemas'];

export { ApiError, call, callWithResponse } from './api-error';
