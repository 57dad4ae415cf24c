/**
 * Enterprise registered address (`RegistrationOrganizationInfo.Address`) in the 省/市/区 form ESS requires.
 *
 * Evidence (reference §6.3, Appendix B): `深圳市南山区1000号腾讯大厦` and `深圳市南山区高新区科技中一路腾讯大厦35层` are
 * accepted (a city prefix without a province is enough); `测试地址` is refused with "地址参数不正确". The exact
 * ESS rule is UNCONFIRMED; this is a structural check, not a gazetteer lookup, so `某某市某某区` passes.
 *
 * Accepted: an optional `中国`/`中华人民共和国`, then either a province-level unit (one of the 31 mainland
 * names; the four municipalities also without `市`) or a city-level unit (…市/自治州/地区/盟), followed by a
 * district/county-level unit (…区/县/市/旗/自治县/自治旗/林区/新区/特区). The district-level unit may be left out
 * only for the cities that have none (东莞、中山、儋州、嘉峪关) and the county-level cities governed directly by a
 * province (仙桃、石河子…), and may follow a province directly (海南省澄迈县, 湖北省神农架林区, 河北省雄安新区).
 * Whitespace (including full-width) is ignored. Nothing is required after the district-level unit.
 *
 * Decision: Hong Kong, Macao and Taiwan addresses are refused. The address must match a mainland business
 * licence that carries a unified social credit code, and no such licence has an address outside the mainland.
 */
import type { CheckResult } from "./credit-code.ts";

export const MAX_ADDRESS_LENGTH = 256;

const MUNICIPALITIES = ["北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆"];
const PROVINCES = [
  ..."河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海"
    .split(" ")
    .map((name) => `${name}省`),
  "内蒙古自治区",
  "广西壮族自治区",
  "西藏自治区",
  "宁夏回族自治区",
  "新疆维吾尔自治区",
];
/** Prefecture-level cities without districts, and county-level cities directly under a province. */
const CITIES_WITHOUT_DISTRICT = new Set(
  (
    "东莞 中山 儋州 嘉峪关 仙桃 潜江 天门 济源 五指山 琼海 文昌 万宁 东方 " +
    "石河子 阿拉尔 图木舒克 五家渠 北屯 铁门关 双河 可克达拉 昆玉 胡杨河 新星 白杨"
  )
    .split(" ")
    .map((name) => `${name}市`),
);

/** A Han character that is not itself an administrative-unit suffix, so that a unit name cannot swallow the next unit. */
const NAME_CHAR = String.raw`(?:(?![省市区县旗])\p{Script=Han})`;
const CITY = new RegExp(String.raw`^${NAME_CHAR}{1,12}?(?:自治州|地区|市|盟)`, "u");
const DISTRICT = new RegExp(String.raw`^(?:市中区|市南区|市北区|${NAME_CHAR}{1,15}?(?:自治县|自治旗|林区|特区|新区|区|县|市|旗))`, "u");

const fail = (zh: string, en: string): CheckResult => ({ ok: false, reason: { zh, en } });
const noPrefix = () =>
  fail(
    "地址不符合省/市/区格式：缺少省级或市级行政区（如“广东省深圳市”）",
    "the address is not in province/city/district form: it lacks a province-level or city-level unit (e.g. 广东省深圳市)",
  );
const noDistrict = () =>
  fail(
    "地址不符合省/市/区格式：缺少区/县级行政区（如“南山区”）",
    "the address is not in province/city/district form: it lacks a district- or county-level unit (e.g. 南山区)",
  );

/** After a city-level unit: a district-level unit must follow, unless the city has none. */
function afterCity(city: string, rest: string): CheckResult {
  return DISTRICT.test(rest) || CITIES_WITHOUT_DISTRICT.has(city) ? { ok: true } : noDistrict();
}

export function checkAddress(address: string): CheckResult {
  let rest = address.replace(/\s+/gu, "");
  if (rest === "") return fail("地址不能为空", "the address is empty");
  if ([...rest].length > MAX_ADDRESS_LENGTH) {
    return fail(`地址过长，不能超过${MAX_ADDRESS_LENGTH}个字符`, `the address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  rest = rest.replace(/^(?:中华人民共和国|中国)/u, "");
  if (/^(?:香港|澳门|澳門|台湾|臺灣)/u.test(rest)) {
    return fail("地址须为中国大陆地址，不支持港澳台地址", "the address must be in mainland China; Hong Kong, Macao and Taiwan addresses are not accepted");
  }

  const municipality = MUNICIPALITIES.find((name) => rest.startsWith(name));
  if (municipality) return DISTRICT.test(rest.slice(municipality.length)) ? { ok: true } : noDistrict();

  const province = PROVINCES.find((name) => rest.startsWith(name));
  if (province) rest = rest.slice(province.length);
  const city = CITY.exec(rest)?.[0];
  if (city) return afterCity(city, rest.slice(city.length));
  if (!province) return noPrefix();
  // A county-level unit directly under the province; a `…市` here would have been taken as the city above.
  return DISTRICT.test(rest) ? { ok: true } : noDistrict();
}
