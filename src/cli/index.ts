export { runCli, USAGE, type CliContext, type CliIo } from './run-cli.js';
