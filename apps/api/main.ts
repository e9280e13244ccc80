import { AppConfig } from '@duban/config';
import { runProcess } from '@duban/platform';
import { createApiApp } from './api.app';

void runProcess('api', createApiApp, (config: AppConfig) => config.http.apiPort);
