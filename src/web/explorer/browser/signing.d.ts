// Types of signing.js, for the TypeScript that imports it (tests); the browser loads the .js as it is.

export interface Scope {
  date: string;
  service: string;
}

export interface CanonicalInput {
  method: string;
  query: string;
  headers: Readonly<Record<string, string | undefined>>;
  payloadHash: string;
}

export type SignMethod = "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";

export interface SignOptions {
  secretId: string;
  secretKey: string;
  action: string;
  params?: Record<string, unknown>;
  host: string;
  signMethod?: SignMethod;
  reqMethod?: "POST" | "GET";
  timestamp?: number | string;
  nonce?: number | string;
  language?: "zh-CN" | "en-US";
  version?: string;
  service?: string;
}

export interface SignedRequest {
  kind: "TC3" | "v1";
  steps: Record<string, string>;
  http: { method: "GET" | "POST"; path: string; headers: Record<string, string>; body: string };
}

export const TC3_ALGORITHM: string;
export const SERVICE: string;
export const VERSION: string;
export function hasWebCrypto(): boolean;
export function toHex(buffer: ArrayBuffer | Uint8Array): string;
export function toBase64(buffer: ArrayBuffer | Uint8Array): string;
export function sha256Hex(data: string | Uint8Array): Promise<string>;
export function hmac(key: string | Uint8Array, message: string, hash?: "SHA-256" | "SHA-1"): Promise<Uint8Array>;
export function canonicalHeaders(signedHeaders: readonly string[], headers: CanonicalInput["headers"], lowerValues?: boolean): string;
export function canonicalRequest(request: CanonicalInput, signedHeaders: readonly string[], lowerValues?: boolean): string;
export function credentialScope(scope: Scope): string;
export function stringToSign(timestamp: string, scope: Scope, canonical: string): Promise<string>;
export function signingKey(secretKey: string, scope: Scope): Promise<Uint8Array>;
export function signHex(key: Uint8Array, message: string): Promise<string>;
export function formatAuthorization(secretId: string, scope: Scope, signedHeaders: readonly string[], signature: string): string;
export function v1StringToSign(method: string, host: string, params: ReadonlyArray<readonly [string, string]>, underscoreToDot?: boolean): string;
export function v1Sign(secretKey: string, method: string, message: string): Promise<string>;
export function flatten(value: unknown, prefix?: string, out?: Array<[string, string]>): Array<[string, string]>;
export function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string;
export function signRequest(options: SignOptions): Promise<SignedRequest>;
export function parseExpected(message: unknown): { canonicalRequest?: string; stringToSign: string } | undefined;
