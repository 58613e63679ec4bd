export { startGateway, GatewayOptions, RunningGateway } from './gateway';
export { subgraphEndpoints, SubgraphEndpoint } from './subgraphs';
export { formatGatewayError } from './format-error';
export { QUERY_LIMITS } from './limits';
