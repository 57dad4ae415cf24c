import type { Keyring } from "../platform/master-key.ts";
import { derivedLookupKey, SecretBox } from "../platform/secret-box.ts";
import type { SettingStore } from "../store/ports.ts";

export const KEY_CHECK_SETTING = "master-key-check";
export const LOOKUP_KEY_SETTING = "lookup-key";

const MISMATCH =
  "the master key does not match the one this store was created with: every node (and command) of one installation must use the same ESSD_MASTER_KEY (or <data-dir>/master.key)";

/**
 * The SecretBox of a store: its keyring, and the store's lookup key. The lookup key (behind every mobile and ID
 * hash, session MAC and cookie name) is kept in the store sealed under the master key, so a master-key rotation
 * re-seals it like any other value and no hash changes. Stores created before it was kept there used the key
 * derived from their first master key: that one is found by the key check and stored on first start.
 * `create` false (the doctor) stores nothing.
 */
export async function secretBoxOf(store: SettingStore, keyring: Keyring, { create = true } = {}): Promise<SecretBox> {
  const opener = new SecretBox(keyring);
  const sealed = await store.getSetting(LOOKUP_KEY_SETTING);
  let lookupKey: Buffer;
  if (sealed) {
    try {
      lookupKey = Buffer.from(opener.open(sealed), "base64url");
    } catch (error) {
      throw new Error(`${MISMATCH} (${(error as Error).message})`);
    }
  } else {
    const check = await store.getSetting(KEY_CHECK_SETTING);
    const candidates = keyring.all().map(({ key }) => new SecretBox(keyring, derivedLookupKey(key)));
    const found = check === undefined ? candidates[0]! : candidates.find((box) => box.matchesKeyCheck(check));
    if (!found) throw new Error(MISMATCH);
    if (!create) return found;
    // Nodes starting together race here; whichever sealed lookup key got stored is everyone's.
    const stored = await store.putSettingIfAbsent(LOOKUP_KEY_SETTING, opener.seal(found.exportLookupKey()));
    lookupKey = Buffer.from(opener.open(stored), "base64url");
  }
  const box = new SecretBox(keyring, lookupKey);
  const check = create ? await store.putSettingIfAbsent(KEY_CHECK_SETTING, box.keyCheck()) : await store.getSetting(KEY_CHECK_SETTING);
  if (check !== undefined && !box.matchesKeyCheck(check)) throw new Error(MISMATCH);
  return box;
}
