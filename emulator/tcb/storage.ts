/*
 * Cloud storage as the real wx-server-sdk (→ @cloudbase/node-sdk 3.x, dist/storage) reaches it:
 *  - `cloud.uploadFile({cloudPath, fileContent})`: tcb action `storage.getUploadMetadata`
 *    `{path, method: 'put'}` answers `{data: {url, token, authorization, fileId, cosFileId}}`;
 *    the SDK then PUTs the bytes to `url` (COS) — an empty body is success, an XML `<Error>` fails;
 *  - `cloud.getTempFileURL({fileList})`: `storage.batchGetDownloadUrl` `{file_list: [{fileid,
 *    max_age}]}` answers `{data: {download_list: [{code, fileID, tempFileURL}]}}`, a missing file
 *    with code `STORAGE_FILE_NONEXIST` (the SDK's own ERROR code for it);
 *  - `cloud.downloadFile({fileID})`: that, then a GET of the temp URL (200 → the bytes; a
 *    non-SUCCESS code is thrown by the SDK as `{code: 'STORAGE_FILE_NONEXIST', …}`);
 *  - `cloud.deleteFile({fileList})`: `storage.batchDeleteFile` `{fileid_list}` answers
 *    `{data: {delete_list: [{code, fileID}]}}`.
 * Files are kept under `<dataDir>/storage/<cloudPath>`; the "COS" URLs are this server's
 * `/__storage/<cloudPath>`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const STORAGE_ENV = 'local';
/** The bucket part of a fileID: `cloud://<env>.<bucket>/<path>` (as the platform writes it). */
export const STORAGE_BUCKET = '6c6f-local-1300000000';
const FILE_ID_PREFIX = `cloud://${STORAGE_ENV}.${STORAGE_BUCKET}/`;

export interface CloudStorage {
  /** tcb `storage.*` actions; null when the action is not a storage one */
  handle(action: string, fields: Record<string, unknown>): Record<string, unknown> | null;
  /** `/__storage/<path>`: PUT (the upload) and GET (the temp URL) */
  http(req: IncomingMessage, res: ServerResponse, path: string): void;
  /** tests and the console: a file's bytes by fileID, or undefined */
  read(fileID: string): Buffer | undefined;
  write(cloudPath: string, content: Buffer): string;
}

export const fileIdOf = (cloudPath: string) => `${FILE_ID_PREFIX}${cloudPath.replace(/^\/+/, '')}`;

export function createCloudStorage(opts: { dir: string; baseUrl: () => string }): CloudStorage {
  mkdirSync(opts.dir, { recursive: true });

  /** the local file of a cloud path; undefined when the path leaves the storage dir */
  function fileOf(cloudPath: string): string | undefined {
    const clean = cloudPath.replace(/^\/+/, '');
    if (!clean || clean.endsWith('/')) return undefined;
    const full = normalize(join(opts.dir, clean));
    return full.startsWith(normalize(opts.dir) + sep) ? full : undefined;
  }
  const pathOfId = (fileID: unknown) =>
    typeof fileID === 'string' && fileID.startsWith(FILE_ID_PREFIX)
      ? fileID.slice(FILE_ID_PREFIX.length)
      : undefined;
  // unencoded, as CloudBase's temp URLs are: the SDK runs encodeURI over them before a GET
  const urlOf = (cloudPath: string) => `${opts.baseUrl()}/__storage/${cloudPath}`;

  function write(cloudPath: string, content: Buffer): string {
    const file = fileOf(cloudPath);
    if (!file) throw new Error(`invalid cloud path ${cloudPath}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return fileIdOf(cloudPath);
  }
  function read(fileID: string): Buffer | undefined {
    const path = pathOfId(fileID);
    const file = path === undefined ? undefined : fileOf(path);
    return file && existsSync(file) ? readFileSync(file) : undefined;
  }

  function handle(action: string, fields: Record<string, unknown>) {
    if (action === 'storage.getUploadMetadata') {
      const cloudPath = typeof fields.path === 'string' ? fields.path : '';
      if (!fileOf(cloudPath))
        return { code: 'INVALID_PARAM', message: `[InvalidParameter] invalid path: ${cloudPath}` };
      return {
        data: {
          url: encodeURI(urlOf(cloudPath.replace(/^\/+/, ''))),
          token: 'emulator',
          authorization: 'emulator',
          fileId: fileIdOf(cloudPath),
          cosFileId: `emulator-${Buffer.from(cloudPath).toString('hex')}`, // ASCII: it goes in a header
        },
      };
    }
    if (action === 'storage.batchGetDownloadUrl') {
      const list = Array.isArray(fields.file_list) ? fields.file_list : [];
      return {
        data: {
          download_list: list.map((item: { fileid?: unknown }) => {
            const fileID = String(item?.fileid ?? '');
            const path = pathOfId(fileID);
            const file = path === undefined ? undefined : fileOf(path);
            return file && existsSync(file)
              ? { code: 'SUCCESS', fileID, tempFileURL: urlOf(path!) }
              : {
                  code: 'STORAGE_FILE_NONEXIST',
                  message: 'storage file not exists',
                  fileID,
                  tempFileURL: '',
                };
          }),
        },
      };
    }
    if (action === 'storage.batchDeleteFile') {
      const list = Array.isArray(fields.fileid_list) ? fields.fileid_list : [];
      return {
        data: {
          delete_list: list.map((fileID: unknown) => {
            const path = pathOfId(fileID);
            const file = path === undefined ? undefined : fileOf(path);
            if (!file || !existsSync(file))
              return { code: 'STORAGE_FILE_NONEXIST', fileID: String(fileID) };
            rmSync(file);
            return { code: 'SUCCESS', fileID: String(fileID) };
          }),
        },
      };
    }
    return null;
  }

  function http(req: IncomingMessage, res: ServerResponse, path: string) {
    const cloudPath = path
      .split('/')
      .map((p) => decodeURIComponent(p))
      .join('/');
    const file = fileOf(cloudPath);
    const xmlError = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${message}</Message>` +
          `<Resource>/${cloudPath}</Resource><RequestId>emulator</RequestId><TraceId>emulator</TraceId></Error>`,
      );
    };
    if (!file) return xmlError(400, 'InvalidURI', 'Could not parse the specified URI.');
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        write(cloudPath, Buffer.concat(chunks));
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      });
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!existsSync(file)) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': body.length,
      });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed.');
  }

  return { handle, http, read, write };
}
