/** The operations adapters' name for the shared tool HTTP helper. */
export {
  callHttpApi as callOpsApi,
  type HttpApiOptions as OpsApiOptions,
  type HttpApiRequest as OpsApiRequest,
  type HttpApiResponse as OpsApiResponse,
} from '../shared/call-http-api.js';
