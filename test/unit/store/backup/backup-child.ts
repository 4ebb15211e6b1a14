// Child process for the kill test: a slow backup (one page per step, 20 ms pause per step) that says
// "step" on its first step so the parent knows to SIGKILL it midway.
import { backupDatabase } from '../../../../src/store/index.js';

const [dbPath, target, publicKeyPem] = process.argv.slice(2) as [string, string, string];
const pause = new Int32Array(new SharedArrayBuffer(4));
let said = false;
await backupDatabase({
  dbPath,
  target,
  publicKeyPem,
  pagesPerStep: 1,
  onStep: () => {
    if (!said) process.stdout.write('step\n');
    said = true;
    Atomics.wait(pause, 0, 0, 20);
  },
});
process.stdout.write('done\n');
