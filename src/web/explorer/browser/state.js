// @ts-check
// What the API Explorer remembers, in this tab only (sessionStorage): the chosen service, tenant or application,
// operator, OpenIds, key id and modes, and the SecretKey only if the user asks. sessionStorage can be unavailable
// (privacy settings) or hold anything; the page works without it.

export const KEY_STORAGE = "essd-explorer-secret-key";
const PREFS_STORAGE = "essd-explorer-prefs";

/**
 * @typedef {object} Prefs
 * @property {string} [service]
 * @property {string} [tenant]
 * @property {string} [application]
 * @property {string} [proxyOrganization]
 * @property {string} [proxyOperator]
 * @property {string} [operator]
 * @property {string} [secretId]
 * @property {string} [signMethod]
 * @property {string} [reqMethod]
 * @property {string} [language]
 */

export const storage = {
  /** @param {string} key */
  get(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  /** @param {string} key @param {string | undefined} value */
  set(key, value) {
    try {
      if (value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      // not remembered; nothing else depends on it
    }
  },
};

/** @returns {Prefs} */
export function readPrefs() {
  try {
    const prefs = JSON.parse(storage.get(PREFS_STORAGE) ?? "{}");
    return prefs && typeof prefs === "object" ? prefs : {};
  } catch {
    return {};
  }
}

export const writePrefs = (/** @type {Prefs} */ prefs) => storage.set(PREFS_STORAGE, JSON.stringify(prefs));
