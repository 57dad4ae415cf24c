/**
 * The power-of-attorney form's multipart body (already buffered by the app's raw body parser): its text fields
 * and one file, cut off one byte past the limit so an oversized file is recognised without being kept whole.
 */
import busboy from "busboy";
import { detectFileType, formatSize, type FileType } from "../../domain/identity/index.ts";

export interface UploadForm {
  fields: Record<string, string>;
  file?: { bytes: Buffer; truncated: boolean };
}

export function readUploadForm(body: Buffer, contentType: string, maxFileBytes: number): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    const form: UploadForm = { fields: {} };
    let parser: busboy.Busboy;
    try {
      // Busboy stops a file when it reaches `fileSize`: one byte more tells "exactly the limit" from "over it".
      parser = busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxFileBytes + 1, files: 1, fields: 8, fieldSize: 4096, parts: 10 } });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on("field", (name, value) => {
      form.fields[name] = value;
    });
    parser.on("file", (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const bytes = Buffer.concat(chunks);
        form.file = { bytes, truncated: bytes.length > maxFileBytes };
      });
    });
    parser.on("error", reject);
    parser.on("close", () => resolve(form));
    parser.end(body);
  });
}

export type FileVerdict = { ok: true; bytes: Buffer; type: FileType } | { ok: false; status: number; zh: string; en: string };

/** PNG, JPG or PDF by magic bytes, non-empty and within the limit (the rules of src/domain/identity/files.ts). */
export function checkPowerOfAttorney(file: UploadForm["file"], maxBytes: number): FileVerdict {
  if (!file || file.bytes.length === 0) return { ok: false, status: 400, zh: "请选择要上传的授权书文件。", en: "Choose the power of attorney file to upload." };
  if (file.truncated) {
    return { ok: false, status: 413, zh: `文件大小超过上限${formatSize(maxBytes)}，请压缩后重新上传。`, en: `The file is larger than the ${formatSize(maxBytes)} limit; make it smaller and upload again.` };
  }
  const type = detectFileType(file.bytes);
  if (type === undefined) return { ok: false, status: 415, zh: "无法识别的文件类型，仅支持PNG/JPG/PDF。", en: "The file type is not recognised; only PNG/JPG/PDF is accepted." };
  return { ok: true, bytes: file.bytes, type };
}
