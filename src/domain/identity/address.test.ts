import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkAddress, MAX_ADDRESS_LENGTH } from "./address.ts";

const NO_PREFIX = /缺少省级或市级行政区/;
const NO_DISTRICT = /缺少区\/县级行政区/;
const HKMT = /不支持港澳台地址/;

const rows: Array<{ address: string; ok: boolean; reason?: RegExp; why: string }> = [
  // Appendix B: accepted and refused official examples.
  { address: "深圳市南山区1000号腾讯大厦", ok: true, why: "official success example (city + district)" },
  { address: "深圳市南山区高新区科技中一路腾讯大厦35层", ok: true, why: "api.json example" },
  { address: "测试地址", ok: false, reason: NO_PREFIX, why: "official 地址不符合格式 example" },
  // Province + city + district.
  { address: "广东省深圳市南山区科技园", ok: true, why: "full form" },
  { address: "黑龙江省哈尔滨市南岗区", ok: true, why: "3-character province, nothing after the district" },
  { address: "广东深圳市南山区科技园", ok: true, why: "province without 省 reads as part of the city" },
  { address: "山东省济南市市中区经七路", ok: true, why: "district name starting with 市" },
  { address: "山东省青岛市市南区香港中路", ok: true, why: "市南区 (and 香港 later in the street is fine)" },
  { address: "江苏省苏州市昆山市玉山镇", ok: true, why: "county-level city under a prefecture" },
  { address: "江苏省苏州市工业园区星湖街", ok: true, why: "functional zone reads as a district" },
  { address: "广东省深圳市深汕特别合作区", ok: true, why: "long district name" },
  { address: "吉林省延边朝鲜族自治州延吉市", ok: true, why: "autonomous prefecture" },
  { address: "黑龙江省大兴安岭地区漠河市", ok: true, why: "地区" },
  { address: "甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县", ok: true, why: "longest autonomous county" },
  { address: "新疆维吾尔自治区乌鲁木齐市天山区人民路", ok: true, why: "autonomous region" },
  { address: "内蒙古自治区锡林郭勒盟锡林浩特市", ok: true, why: "盟 then county-level city" },
  { address: "内蒙古自治区呼伦贝尔市鄂温克族自治旗", ok: true, why: "autonomous banner" },
  { address: "广西壮族自治区南宁市青秀区", ok: true, why: "广西" },
  { address: "中国广东省深圳市南山区", ok: true, why: "leading 中国" },
  { address: "中华人民共和国北京市海淀区", ok: true, why: "leading 中华人民共和国" },
  { address: " 广东省 深圳市　南山区 科技园 ", ok: true, why: "spaces, including full-width, ignored" },
  // Municipalities.
  { address: "北京市海淀区xx路", ok: true, why: "municipality + district" },
  { address: "上海市浦东新区世纪大道100号", ok: true, why: "新区" },
  { address: "重庆市石柱土家族自治县", ok: true, why: "municipality + autonomous county" },
  { address: "天津滨海新区", ok: true, why: "municipality without 市" },
  { address: "北京市", ok: false, reason: NO_DISTRICT, why: "municipality alone" },
  { address: "上海市世纪大道100号", ok: false, reason: NO_DISTRICT, why: "municipality without a district" },
  // Units directly under a province, and cities without districts.
  { address: "海南省澄迈县金江镇", ok: true, why: "county under a province" },
  { address: "湖北省神农架林区松柏镇", ok: true, why: "林区" },
  { address: "河北省雄安新区", ok: true, why: "雄安新区" },
  { address: "湖北省仙桃市干河街道", ok: true, why: "province-direct county-level city" },
  { address: "新疆维吾尔自治区石河子市", ok: true, why: "XPCC city" },
  { address: "广东省东莞市松山湖", ok: true, why: "city without districts" },
  { address: "东莞市松山湖", ok: true, why: "city without districts, no province" },
  { address: "甘肃省嘉峪关市", ok: true, why: "嘉峪关" },
  // Missing units.
  { address: "广东省深圳市科技园", ok: false, reason: NO_DISTRICT, why: "no district" },
  { address: "深圳市科技园", ok: false, reason: NO_DISTRICT, why: "city only" },
  { address: "广东省深圳市", ok: false, reason: NO_DISTRICT, why: "province + city only" },
  { address: "广东省", ok: false, reason: NO_DISTRICT, why: "province only" },
  { address: "广东省科技园1号", ok: false, reason: NO_DISTRICT, why: "province + street" },
  { address: "南山区科技园", ok: false, reason: NO_PREFIX, why: "district without a province or city" },
  { address: "深圳南山区科技园", ok: false, reason: NO_PREFIX, why: "no 市" },
  { address: "1000号腾讯大厦", ok: false, reason: NO_PREFIX, why: "street only" },
  { address: "Shenzhen Nanshan District", ok: false, reason: NO_PREFIX, why: "Latin script" },
  { address: "深圳市1000号南山区", ok: false, reason: NO_DISTRICT, why: "district must follow the city" },
  // Hong Kong, Macao, Taiwan (decision: refused).
  { address: "香港特别行政区中西区皇后大道中1号", ok: false, reason: HKMT, why: "Hong Kong" },
  { address: "中国香港九龙", ok: false, reason: HKMT, why: "Hong Kong after 中国" },
  { address: "澳门特别行政区花地玛堂区", ok: false, reason: HKMT, why: "Macao" },
  { address: "台湾省台北市信义区", ok: false, reason: HKMT, why: "Taiwan" },
  // Empty, length.
  { address: "", ok: false, reason: /地址不能为空/, why: "empty" },
  { address: " 　", ok: false, reason: /地址不能为空/, why: "blank" },
  { address: `广东省深圳市南山区${"路".repeat(MAX_ADDRESS_LENGTH)}`, ok: false, reason: /地址过长/, why: "too long" },
  { address: `广东省深圳市南山区${"路".repeat(MAX_ADDRESS_LENGTH - 9)}`, ok: true, why: "exactly the limit" },
];

describe("checkAddress", () => {
  for (const row of rows) {
    it(`${JSON.stringify(row.address.slice(0, 40))} → ${row.ok ? "ok" : "refused"} (${row.why})`, () => {
      const result = checkAddress(row.address);
      assert.equal(result.ok, row.ok, JSON.stringify(result));
      if (!result.ok) {
        assert.match(result.reason.zh, row.reason!);
        assert.match(result.reason.en, /^the address /);
      }
    });
  }

  it("the reasons are bilingual and name the missing unit", () => {
    assert.deepEqual(checkAddress("测试地址"), {
      ok: false,
      reason: {
        zh: "地址不符合省/市/区格式：缺少省级或市级行政区（如“广东省深圳市”）",
        en: "the address is not in province/city/district form: it lacks a province-level or city-level unit (e.g. 广东省深圳市)",
      },
    });
  });
});
