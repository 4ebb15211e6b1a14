export { createVaultSecretProvider, type VaultSecretProviderOptions } from './vault-secret-provider.js';
