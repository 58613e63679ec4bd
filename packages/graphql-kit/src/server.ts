import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import { AuthError } from '@funds/auth';
import { formatError } from './errors';

export interface SubgraphServerOptions<C extends object> {
  name: string;
  schema: GraphQLSchema;
  createContext: (req: express.Request) => Promise<C>;
  /** Throws when the service cannot serve (database down). */
  healthCheck: () => Promise<void>;
  plugins?: ApolloServerPlugin<C>[];
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A subgraph's HTTP server: POST /graphql (only for requests carrying the gateway's signed
 * identity) and GET /health. Built here so every service answers the same way.
 */
export async function startSubgraphServer<C extends object>(
  options: SubgraphServerOptions<C>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
  });
  await apollo.start();
  app.get('/health', async (_req, res) => {
    try {
      await options.healthCheck();
      res.json({ status: 'ok', service: options.name });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', service: options.name, reason: (error as Error).message });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await options.createContext(req);
        } catch (error) {
          if (error instanceof AuthError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}/graphql`,
    port: actual,
    stop: async () => {
      await apollo.stop();
    },
  };
}
