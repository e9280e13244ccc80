import { NestFactory } from '@nestjs/core';
import { DynamicModule, Module } from '@nestjs/common';
import { DubanConfigModule, loadAppConfig } from '@duban/config';
import { AuthService, CoreModule, LoadSummary, ProfileLoaderService, ZoneService } from '@duban/core';
import { migrateDatabase, PersistenceModule } from '@duban/persistence';
import { DemoClock } from './demo/demo-clock';
import { DemoModule } from './demo/demo.module';
import { demoReport } from './demo/demo-report';
import { DemoHistory, DemoService } from './demo/demo.service';

/*
 * Operator commands:
 *   node dist/apps/cli/main.js migrate                 create the database if needed, apply migrations
 *                                                      (as the owner; with DATABASE_APP_URL, grant the app's account)
 *   node dist/apps/cli/main.js seed --profile <name>   load config/profiles/<name>.yaml (idempotent); with DUBAN_DEMO=1
 *                                                      also the demo accounts and history, once per database
 *   node dist/apps/cli/main.js import FILE [--commit] [--as USER] [--issuer UNIT] [--profile NAME] [--map NAME=UNIT] [--select SEQS] [--json]
 *       preview a notice (.docx or text) as POST /imports does, and with --commit create its tasks
 *       and cadences as POST /imports/:id/commit does (`npm run import -- FILE …`)
 *   node dist/apps/cli/main.js importer-accuracy [--seeds <dir>]
 *       the importer's per-field accuracy on the seeds against test/importer-truth (docs/IMPORTER.md); no database
 *   node dist/apps/cli/main.js work-points [--seeds <dir>]
 *       regenerate config/profiles/zhengzhou-2021.work-points.yaml from the seeds (default ../shared/seeds);
 *       needs no database
 */

@Module({})
class CliModule {
  /** With the demo, its clock is the process's clock (see DemoClock). */
  static register(demoClock: DemoClock | null): DynamicModule {
    return { module: CliModule, imports: [DubanConfigModule, PersistenceModule, CoreModule, ...(demoClock ? [DemoModule.register(demoClock)] : [])] };
  }
}

const USAGE = 'usage: duban migrate | duban seed --profile <name|path.yaml> | duban import FILE [--commit] … | duban work-points [--seeds <dir>]';

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const config = loadAppConfig();
      const applied = await migrateDatabase(config.database, (line) => console.log(line), config.databaseApp);
      console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
      return;
    }
    case 'seed': {
      const flag = rest.indexOf('--profile');
      const profile = flag >= 0 ? rest[flag + 1] : undefined;
      if (!profile) throw new Error(USAGE);
      const config = loadAppConfig();
      const app = await NestFactory.createApplicationContext(CliModule.register(config.demo ? new DemoClock() : null), { logger: ['error', 'warn'] });
      try {
        const demo = config.demo ? app.get(DemoService) : null;
        const status = demo ? await demo.status(profile) : null;
        let summary: LoadSummary;
        let history: DemoHistory | null = null;
        // The demo loads the profile itself, three months back, and lives the months since.
        if (demo && status?.kind === 'pending') ({ summary, history } = await demo.seed(profile));
        else summary = await app.get(ProfileLoaderService).load(profile);
        await app.get(AuthService).ensureAdmin();
        console.log(
          `profile ${summary.profile}: ${summary.units} units, ${summary.chains} chains, ${summary.chainRoles} chain roles, ${summary.cadences} cadences, ${summary.tasks} profile tasks` +
            (summary.firstLoad ? ' (first load)' : ' (already loaded; nothing changed unless the file did)'),
        );
        if (demo && status) for (const line of demoReport(status, history, demo.signIn(), await app.get(ZoneService).zone())) console.log(line);
      } finally {
        await app.close();
      }
      return;
    }
    case 'import': {
      const { parseImportArgs, runImport } = await import('./import.command');
      parseImportArgs(rest); // usage errors before connecting
      loadAppConfig();
      const app = await NestFactory.createApplicationContext(CliModule.register(null), { logger: ['error', 'warn'] });
      try {
        process.exitCode = await runImport(app, rest, (line) => console.log(line));
      } finally {
        await app.close();
      }
      return;
    }
    case 'importer-accuracy': {
      const flag = rest.indexOf('--seeds');
      const { accuracyTable, measureImporterAccuracy } = await import('./importer-accuracy');
      const results = measureImporterAccuracy(process.cwd(), flag >= 0 ? rest[flag + 1] : '../shared/seeds');
      console.log(accuracyTable(results));
      for (const r of results) for (const miss of r.misses) console.log(`  ${r.seed} ${miss}`);
      return;
    }
    case 'work-points': {
      const flag = rest.indexOf('--seeds');
      if (flag >= 0 && !rest[flag + 1]) throw new Error(USAGE);
      const seeds = flag >= 0 ? rest[flag + 1] : '../shared/seeds';
      const out = 'config/profiles/zhengzhou-2021.work-points.yaml';
      const { writeWorkPoints } = await import('./work-points.command');
      const { tasks, extraUnits } = writeWorkPoints(seeds, 'config/profiles/zhengzhou-2021.yaml', out);
      console.log(`${out}: ${tasks} work points, ${extraUnits.length} units to add (${extraUnits.join(', ')})`);
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
