import { canonicalJson, sha256Hex } from './canonical.js';
import type { Target } from './tool.js';

/** Digest of the exact step an approval binds to: tool + canonical input + target. */
export function stepDigest(tool: string, input: unknown, target: Target): string {
  return sha256Hex(canonicalJson({ tool, input, target }));
}
