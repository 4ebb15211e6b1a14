// Module hooks (node:module register): appends every `@opentelemetry/` specifier resolved in the
// process to the file named by RESOLVE_SPY_FILE, so a parent can see what an app start loaded.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function resolve(specifier, context, next) {
  const file = process.env.RESOLVE_SPY_FILE;
  if (file !== undefined && specifier.startsWith('@opentelemetry/')) appendFileSync(file, `${specifier}\n`);
  return next(specifier, context);
}
