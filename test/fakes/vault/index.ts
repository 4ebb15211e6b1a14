export { startVaultFake, type VaultFake } from './vault-fake.js';
