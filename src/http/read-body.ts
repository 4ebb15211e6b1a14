import type { IncomingMessage } from 'node:http';

/** Default largest body a route accepts (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body, or `too_large` as soon as more than `limit` bytes arrived (nothing is buffered past it). */
export type BodyResult = { readonly kind: 'ok'; readonly body: Buffer } | { readonly kind: 'too_large' };

/**
 * Streams a request body and counts bytes; stops collecting the moment the limit is passed, so a
 * 2 GiB upload costs no more memory than a 1 MiB one.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void =>
      finish({ kind: 'ok', body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) });
    const onError = (err: Error): void => {
      if (done) return;
      done = true;
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
