import { verifyCommand } from './cli/verify.command.ts';
import { exportCommand } from './cli/export.command.ts';
import { verifyExtractCommand } from './cli/verify-extract.command.ts';
import { backupCommand, restoreCommand } from './cli/backup.command.ts';
import { checkpointCommand } from './cli/checkpoint.command.ts';
import { keyCommand } from './cli/key.command.ts';
import { migrateCommand } from './cli/migrate.command.ts';
import { rebuildProjectionsCommand } from './cli/rebuild-projections.command.ts';
import { seedCommand } from './cli/seed.command.ts';
import { serveCommand } from './cli/serve.command.ts';
import { cellsCommand, unitsCommand } from './cli/units.command.ts';
import { usersCommand } from './cli/users.command.ts';
import { witnessCommand } from './cli/witness.command.ts';
import { monitorCommand } from './cli/monitor.command.ts';
import type { CliCommand } from './cli/common.ts';

const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  users: usersCommand,
  units: unitsCommand,
  cells: cellsCommand,
  key: keyCommand,
  checkpoint: checkpointCommand,
  verify: verifyCommand,
  'verify-extract': verifyExtractCommand,
  export: exportCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'rebuild-projections': rebuildProjectionsCommand,
  witness: witnessCommand,
  monitor: monitorCommand,
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return [
    'Використання / usage: custody <command> [options]',
    '',
    ...lines,
    '',
    'custody <command> --help',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`custody: невідома команда / unknown command: ${name}\n\n${help()}`);
    return 2;
  }
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
