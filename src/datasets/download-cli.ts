/**
 * The child process behind the synchronous loaders (Keras's load_data() is synchronous, fetch is
 * not): `node download-cli.js URL DEST SHA256`. Progress goes to stderr; the result is one line of
 * JSON on stdout.
 */
import { downloadFile } from './download.js';

const [url, dest, sha256] = process.argv.slice(2);
downloadFile(url as string, dest as string, sha256 ? { sha256 } : {}).then(
  () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })}\n`);
    process.exitCode = 1;
  },
);
