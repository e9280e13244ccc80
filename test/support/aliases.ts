import Module from 'node:module';
import { join } from 'node:path';

/*
 * Jest's moduleNameMapper does not apply to globalSetup/globalTeardown, which import the
 * migration code; this resolves the @duban/* aliases for them as tsconfig does.
 */
const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request: string, ...rest: unknown[]) {
  const m = /^@duban\/([a-z]+)(\/.*)?$/.exec(request);
  return resolve.call(this, m ? join(__dirname, '..', '..', 'libs', m[1], 'src', m[2] ?? '') : request, ...rest);
};
