import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@duban/config';

/** Structured JSON logs (pino) for every process, tagged with the process name. */
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
              // Health probes would drown everything else.
              autoLogging: { ignore: (req) => req.url === '/health' },
              redact: ['req.headers.authorization', 'req.body.password'],
            },
          }),
        }),
      ],
    };
  }
}
