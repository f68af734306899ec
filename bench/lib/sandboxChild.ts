/**
 * The sandbox tenant in its own process, so Graph's CPU (it stands in for a remote service) is not
 * charged to Tandem's event loop. Prints one JSON line {urls, caPem, caFile, dataDir}; exits on SIGTERM
 * or when its parent's stdin pipe closes.
 */
import { startTestSandbox } from '../../test/helpers/sandbox.js';

const sandbox = await startTestSandbox(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${JSON.stringify({ urls: sandbox.urls, caPem: sandbox.caPem, caFile: sandbox.caFile, dataDir: sandbox.dataDir })}\n`);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await sandbox.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
