/**
 * Cloud storage through the real wx-server-sdk: cloud.uploadFile → storage.getUploadMetadata +
 * a PUT to the "COS" URL; getTempFileURL → storage.batchGetDownloadUrl; downloadFile → that + a
 * GET; deleteFile → storage.batchDeleteFile. A missing file answers STORAGE_FILE_NONEXIST, as
 * CloudBase does, and the SDK throws it from downloadFile.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTcbServer, type TcbTestServer } from '../../emulator/tcb/testServer';
import { loadSdk, pointSdkAt, type Sdk } from './support/sdk';

describe('cloud storage through the real SDK', () => {
  let server: TcbTestServer;
  let cloud: Sdk;
  const dir = mkdtempSync(join(tmpdir(), 'storage-'));

  beforeAll(async () => {
    server = await startTcbServer({
      database: { handle: async (a) => ({ code: 'INVALID_ACTION', message: a }) },
      storageDir: dir,
    });
    cloud = loadSdk();
    pointSdkAt(server.urlFor('inv-storage-1'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads, lists a temp URL, downloads the same bytes and deletes', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x7f]);
    const up = await cloud.uploadFile({ cloudPath: 'imports/客户 2026.xlsx', fileContent: bytes });
    expect(up.fileID).toMatch(/^cloud:\/\/local\.[^/]+\/imports\/客户 2026\.xlsx$/);
    expect(readFileSync(join(dir, 'imports', '客户 2026.xlsx'))).toEqual(bytes);

    const urls = await cloud.getTempFileURL({ fileList: [up.fileID] });
    expect(urls.fileList).toEqual([expect.objectContaining({ status: 0, fileID: up.fileID })]);
    const fetched = await fetch(encodeURI(urls.fileList[0].tempFileURL));
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(bytes);

    const down = await cloud.downloadFile({ fileID: up.fileID });
    expect(Buffer.from(down.fileContent)).toEqual(bytes);

    const del = await cloud.deleteFile({ fileList: [up.fileID] });
    expect(del.fileList).toEqual([expect.objectContaining({ status: 0, fileID: up.fileID })]);
    expect(existsSync(join(dir, 'imports', '客户 2026.xlsx'))).toBe(false);
  });

  it('answers STORAGE_FILE_NONEXIST for a missing file', async () => {
    const missing = 'cloud://local.6c6f-local-1300000000/imports/none.xlsx';
    const urls = await cloud.getTempFileURL({ fileList: [missing] });
    // wx-server-sdk turns the code into WeChat's status -503003
    expect(urls.fileList[0]).toEqual(
      expect.objectContaining({
        status: -503003,
        errMsg: 'storage file not exists',
        fileID: missing,
      }),
    );
    const thrown = await cloud.downloadFile({ fileID: missing }).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    expect(String((thrown as Error).message)).toContain('storage file not exists');
    const del = await cloud.deleteFile({ fileList: [missing] });
    expect(del.fileList).toEqual([expect.objectContaining({ status: -503003, fileID: missing })]);
  });

  it('refuses a path that leaves the storage directory', async () => {
    await expect(
      cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false);
  });
});
