export { createTestDatabase, TestDatabase } from './database';
export { sequence, day } from './sequence';
