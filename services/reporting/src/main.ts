import 'reflect-metadata';
import { runSubgraphMain } from '@funds/graphql-kit';
import { service } from './index';

runSubgraphMain(service);
