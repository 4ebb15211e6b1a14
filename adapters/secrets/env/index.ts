export {
  createEnvSecretProvider,
  readStaticSecrets,
  type EnvSecretProviderOptions,
  type StaticSecrets,
} from './env-secret-provider.js';
