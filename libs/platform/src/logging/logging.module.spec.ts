import { accessLogRequest, accessLogResponse } from './logging.module';

describe('accessLogRequest', () => {
  it('names the request and its client, and carries no header but the user agent', () => {
    const line = accessLogRequest({
      id: 7,
      method: 'GET',
      url: '/api/v1/tasks?state=IN_PROGRESS',
      remoteAddress: '10.0.0.8',
      headers: { authorization: 'Bearer eyJ.secret.token', cookie: 'sid=secret', 'user-agent': 'Mozilla/5.0' },
    });
    expect(line).toEqual({ id: 7, method: 'GET', url: '/api/v1/tasks?state=IN_PROGRESS', remoteAddress: '10.0.0.8', userAgent: 'Mozilla/5.0' });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('gives the response its status only, not its headers', () => {
    expect(accessLogResponse({ statusCode: 200, headers: { 'set-cookie': 'x' } } as { statusCode: number })).toEqual({ statusCode: 200 });
  });
});
