import type { ChildProcess } from 'node:child_process';

/**
 * SIGTERM and wait for the exit: a peer such as Alertmanager writes its state on the way out, so its
 * directory may only be removed afterwards (removing it earlier races with that write: ENOTEMPTY).
 */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
