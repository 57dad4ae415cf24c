/**
 * The admin's pages are Chinese by default; `?lang=en` (or `?lang=zh`) on any of them switches and is remembered
 * in a cookie for a year, so every later page and form answer keeps the choice.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Language } from "../../domain/errors.ts";
import { readCookie, setCookie, type CookieSpec } from "../cookies.ts";

export type Lang = "zh" | "en";
export const LANG_COOKIE: CookieSpec = { name: "essd_lang", path: "/", sameSite: "lax", httpOnly: false };
const YEAR_SECONDS = 365 * 86_400;

/** Picks one of two texts by language; every page text goes through one of these. */
export type T = (zh: string, en: string) => string;

export const translator = (lang: Lang): T => (zh, en) => (lang === "en" ? en : zh);
export const apiLanguage = (lang: Lang): Language => (lang === "en" ? "en-US" : "zh-CN");

/** The request's language; an explicit `?lang=` is remembered in the answer's cookie. */
export function langOf(req: FastifyRequest, reply: FastifyReply, publicUrl: string): Lang {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (asked === "en" || asked === "zh") {
    setCookie(req, reply, publicUrl, LANG_COOKIE, asked, YEAR_SECONDS);
    return asked;
  }
  return readCookie(req, LANG_COOKIE.name) === "en" ? "en" : "zh";
}

/** Segments of letters, digits, `_` and `-` only: no dot segment, no `//`, nothing the parser would encode. */
const PLAIN_PATH = /^(?:\/[\w-]+)+\/?$/;

/** The current URL with `lang` set to `lang`: where the language switch leads. */
export function withLang(rawUrl: string, lang: Lang): string {
  // A plain path without query (most pages) is what the URL parser would give back: no parse needed.
  if (PLAIN_PATH.test(rawUrl)) return `${rawUrl}?lang=${lang}`;
  const url = new URL(rawUrl, "http://essd.invalid");
  url.searchParams.set("lang", lang);
  return `${url.pathname}${url.search}`;
}
