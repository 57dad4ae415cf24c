/** Reference §2.9 V1-1 / §3 (the signature-v1 doc example), in wire order rather than sorted. */
export const V1_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
export const V1_HOST = "cvm.tencentcloudapi.com";
export const V1_SIGNATURE = "EliP9YW3pW28FpsEdkXt/+WcGeI=";
export const V1_PARAMS: Array<[string, string]> = [
  ["Version", "2017-03-12"],
  ["Action", "DescribeInstances"],
  ["SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"],
  ["Region", "ap-guangzhou"],
  ["Timestamp", "1465185768"],
  ["Nonce", "11886"],
  ["InstanceIds.0", "ins-09dx96dg"],
  ["Offset", "0"],
  ["Limit", "20"],
];
