export { startGateway, GatewayOptions, RunningGateway } from './gateway';
export { subgraphEndpoints, SubgraphEndpoint } from './subgraphs';
export { formatGatewayError } from './format-error';
export { DEVELOPMENT_SECURITY, GatewaySecurity, QueryLimits, securityFrom, gatewayOptionsFrom } from './config';
