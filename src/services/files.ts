/**
 * Files to and from cloud storage, as a mini-program moves them.
 *
 * weapp: pick a file from a chat (`Taro.chooseMessageFile`: a phone has no file picker),
 * `Taro.cloud.uploadFile` it, answer its fileID; a download is `Taro.downloadFile` of the
 * temporary URL, opened with `Taro.openDocument` (Excel, WPS or the share menu).
 * h5 (local only): an `<input type="file">`, the bytes PUT to the emulator's storage stand-in
 * (emulator/tcb/storage.ts: the fileID it would answer); a download opens the URL.
 */
import Taro from '@tarojs/taro';
import { initCloud } from './cloud';

export type PickedFile = { fileID: string; name: string };

/** the emulator's fileID prefix (emulator/tcb/storage.ts) */
const H5_FILE_ID_PREFIX = 'cloud://local.6c6f-local-1300000000/';

const cloudPathOf = (folder: string, name: string) =>
  `${folder}/${Date.now().toString(36)}-${name.replace(/[^\w.\-\u4e00-\u9fa5]/g, '_')}`;

/** Pick a spreadsheet and upload it; null when the picker was cancelled. */
export async function pickAndUpload(folder: string): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await pickH5File('.xlsx,.csv');
    if (!file) return null;
    const cloudPath = cloudPathOf(folder, file.name);
    const res = await fetch(`/__storage/${encodeURI(cloudPath)}`, {
      method: 'PUT',
      body: await file.arrayBuffer(),
    });
    if (!res.ok) throw new Error(`upload failed: ${res.status}`);
    return { fileID: H5_FILE_ID_PREFIX + cloudPath, name: file.name };
  }
  initCloud();
  let picked: { path: string; name: string } | undefined;
  try {
    const res = await Taro.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['xlsx', 'csv'],
    });
    picked = res.tempFiles[0];
  } catch (e) {
    if (/cancel/.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return null;
    throw e;
  }
  if (!picked) return null;
  const up = await Taro.cloud.uploadFile({
    cloudPath: cloudPathOf(folder, picked.name),
    filePath: picked.path,
  });
  return { fileID: up.fileID, name: picked.name };
}

function pickH5File(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.onchange = () => resolve(input.files?.[0] ?? null);
    input.click();
  });
}

/** Open a spreadsheet from its temporary URL. */
export async function openSheet(url: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank');
    return;
  }
  const res = await Taro.downloadFile({ url });
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
}
