/** Containment through a generic EDR / firewall webhook API (see README.md): hosts, block lists, files. */
export { createEdrTools } from './create-edr-tools.js';
export type { EdrToolsOptions } from './create-edr-tools.js';
export { callJsonApi } from './call-json-api.js';
export type { JsonApiOptions, JsonApiRequest, JsonApiResponse } from './call-json-api.js';
export { defineHttpContainmentTool } from './define-http-containment-tool.js';
export type { HttpContainmentSpec } from './define-http-containment-tool.js';
