import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@duban/config';

/** What an access log line says of a request (given pino's standard serialisation of it). */
export function accessLogRequest(req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }): Record<string, unknown> {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, userAgent: req.headers?.['user-agent'] };
}

/** What an access log line says of a response. */
export function accessLogResponse(res: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

/**
 * Logs (pino) for every process, tagged with the process name: JSON for collectors, or readable
 * lines (pino-pretty) for a person at a terminal (LOG_FORMAT, or stdout being a TTY).
 */
@Module({})
export class LoggingModule {
  static forProcess(processName: 'api' | 'scheduler' | 'worker' | 'cli'): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            // Express 5 path syntax; the default '*' draws a deprecation warning.
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            pinoHttp: {
              level: config.logLevel,
              base: { process: processName, pid: process.pid },
              // Health probes would drown everything else. The path as sent: a middleware mounted on a
              // path (Fastify's middie) sees req.url without it.
              autoLogging: { ignore: (req) => ['/health', '/metrics'].includes((req as { originalUrl?: string }).originalUrl ?? req.url ?? '') },
              // An access line names the request and its status, not their headers: shorter lines,
              // and less of the api's CPU under load spent serialising and redacting every header.
              serializers: { req: accessLogRequest, res: accessLogResponse },
              redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
              ...(config.logPretty
                ? {
                    transport: {
                      target: 'pino-pretty',
                      options: {
                        colorize: process.stdout.isTTY === true,
                        translateTime: 'SYS:HH:MM:ss.l',
                        ignore: 'pid,hostname,process,context,req,res,responseTime',
                        messageFormat: '{process} {if context}[{context}] {end}{if req.method}{req.method} {req.url} {res.statusCode} {responseTime} ms {end}{msg}',
                        singleLine: true,
                      },
                    },
                  }
                : {}),
            },
          }),
        }),
      ],
    };
  }
}
