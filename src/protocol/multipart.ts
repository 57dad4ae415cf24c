import busboy from "busboy";
import { errors } from "../domain/errors.ts";

/**
 * Reads the fields of a buffered multipart body (it was buffered anyway: the signature covers its bytes).
 * Parts sent as JSON (Python marks lists and objects `application/json`) are decoded; files become base64.
 */
export function parseMultipart(body: Buffer, contentType: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: 10 * 1024 * 1024 } });
    } catch (error) {
      reject(errors.invalidRequest({ why: { zh: (error as Error).message, en: (error as Error).message } }));
      return;
    }
    parser.on("field", (name, value, info) => {
      fields[name] = info.mimeType === "application/json" || /^[[{]/.test(value) ? tryJson(value) : value;
    });
    parser.on("file", (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => (fields[name] = Buffer.concat(chunks).toString("base64")));
    });
    parser.on("error", (error: Error) => reject(errors.invalidRequest({ why: { zh: error.message, en: error.message } })));
    parser.on("close", () => resolve(fields));
    parser.end(body);
  });
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
