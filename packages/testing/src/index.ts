export { createTestDatabase, TestDatabase } from './database';
export { sequence, day } from './sequence';
export { NATS_SERVER_BIN, TestNatsServer, natsServerAvailable, startNatsServer } from './nats-server';
