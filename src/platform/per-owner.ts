/**
 * A bounded memo per owner object (a store, a SecretBox: one process, a test's, may hold several): `compute`
 * runs on the first use of a key, and the owner's map is emptied when it reaches `limit`. Only for values that
 * are a function of the owner and the key alone; `undefined` is never kept.
 */
export function perOwner<O extends object, K, V>(limit: number): (owner: O, key: K, compute: () => V) => V {
  const byOwner = new WeakMap<O, Map<K, V>>();
  return (owner, key, compute) => {
    let byKey = byOwner.get(owner);
    if (!byKey) byOwner.set(owner, (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) {
      value = compute();
      if (byKey.size >= limit) byKey.clear();
      byKey.set(key, value);
    }
    return value;
  };
}
