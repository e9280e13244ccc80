// First: traces (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook http and mysql2 before they load.
import '@duban/platform/tracing/register';
import cluster from 'node:cluster';
import { AppConfig, loadAppConfig } from '@duban/config';
import { runProcess } from '@duban/platform';
import { createApiApp } from './api.app';

/*
 * API_PROCESSES > 1 forks that many api processes sharing the port (the api is stateless);
 * one that dies is replaced.
 */
const processes = (() => {
  try {
    return loadAppConfig().http.apiProcesses;
  } catch {
    return 1; // runProcess reports the configuration problem
  }
})();

if (processes > 1 && cluster.isPrimary) {
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (signal !== 'SIGTERM' && code !== 0) cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    });
  }
} else {
  void runProcess('api', createApiApp, (config: AppConfig) => config.http.apiPort);
}
