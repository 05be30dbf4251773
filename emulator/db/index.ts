export { createDatabase } from './database';
export type {
  CollectionInfo,
  CreateDatabaseOptions,
  Doc,
  DocId,
  EmulatorDatabase,
  FindOptions,
  QueryExplanation,
  ResponseBody,
} from './database';
