import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { validate } from '../../../src/core/index.js';

/**
 * `data/assets.yaml`: what we own and how much it matters. Triage uses `criticality`; the vulnerability
 * matcher uses `packages`. An asset is found by its name, any alias or any address.
 */
const criticality = z.enum(['low', 'medium', 'high', 'crown_jewel']);
const packageSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  ecosystem: z.string().min(1),
});
const assetSchema = z.object({
  name: z.string().min(1),
  criticality: criticality.default('medium'),
  owner: z.string().optional(),
  environment: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  addresses: z.array(z.string()).default([]),
  packages: z.array(packageSchema).default([]),
});
const inventorySchema = z.object({
  assets: z.array(assetSchema).default([]),
  /** Accounts whose compromise is severe (admins, service accounts); matched case-insensitively. */
  privileged_users: z.array(z.string()).default([]),
});

export type AssetCriticality = z.infer<typeof criticality>;
export type AssetPackage = z.infer<typeof packageSchema>;
export type Asset = z.infer<typeof assetSchema>;

export interface AssetInventory {
  readonly assets: readonly Asset[];
  /** By name, alias or address, case-insensitive; a FQDN also matches its short host name. */
  find(hostOrAddress: string): Asset | undefined;
  isPrivilegedUser(user: string): boolean;
}

export function parseAssetInventory(yamlText: string, what = 'asset inventory'): AssetInventory {
  const data = validate(inventorySchema, parse(yamlText) ?? {}, what);
  const index = new Map<string, Asset>();
  for (const asset of data.assets) {
    for (const key of [asset.name, ...asset.aliases, ...asset.addresses]) index.set(key.toLowerCase(), asset);
  }
  const privileged = new Set(data.privileged_users.map((u) => u.toLowerCase()));
  return {
    assets: data.assets,
    find: (key) => {
      const k = key.trim().toLowerCase();
      if (index.has(k)) return index.get(k);
      return /^[\d.:]+$/.test(k) ? undefined : index.get(k.split('.')[0] ?? k);
    },
    isPrivilegedUser: (user) => {
      const u = user.trim().toLowerCase();
      return privileged.has(u) || privileged.has(u.slice(u.lastIndexOf('\\') + 1));
    },
  };
}

export function loadAssetInventory(path: string): AssetInventory {
  return parseAssetInventory(readFileSync(path, 'utf8'), path);
}

export function emptyAssetInventory(): AssetInventory {
  return parseAssetInventory('assets: []');
}
