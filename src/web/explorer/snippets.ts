/**
 * "Generate SDK code": the explorer's call as a ready-to-run program for the official Node, Python, Go and Java
 * SDKs, pointed at essd, with the service's own client (ess or essbasic). Credentials come from
 * TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, as Tencent's own samples read them, so a snippet never holds
 * a key. Pure: no I/O.
 */

export type SnippetSignMethod = "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";

/** What each SDK calls a service: package, client and models, and the host to go live with. */
const SDKS = {
  ess: {
    host: "ess.tencentcloudapi.com",
    node: { module: "ess", client: "ess.v20201111.Client" },
    python: { package: "tencentcloud.ess.v20201111", module: "ess_client", client: "EssClient" },
    go: { name: "ess", path: "ess/v20201111", module: "ess" },
    java: { artifact: "tencentcloud-sdk-java-ess", package: "com.tencentcloudapi.ess.v20201111", client: "EssClient" },
  },
  essbasic: {
    host: "essbasic.tencentcloudapi.com",
    node: { module: "essbasic", client: "essbasic.v20210526.Client" },
    python: { package: "tencentcloud.essbasic.v20210526", module: "essbasic_client", client: "EssbasicClient" },
    go: { name: "essbasic", path: "essbasic/v20210526", module: "essbasic" },
    java: { artifact: "tencentcloud-sdk-java-essbasic", package: "com.tencentcloudapi.essbasic.v20210526", client: "EssbasicClient" },
  },
} as const;

export type SnippetService = keyof typeof SDKS;
export const SNIPPET_SERVICES = Object.keys(SDKS) as SnippetService[];

export interface SnippetRequest {
  /** Whose action: ess (2020-11-11, the default) or essbasic (2021-05-26). */
  service?: SnippetService;
  action: string;
  params: Record<string, unknown>;
  /** `host:port` of essd, as the SDKs' endpoint override takes it. */
  endpoint: string;
  signMethod: SnippetSignMethod;
  reqMethod: "POST" | "GET";
}

export const SNIPPET_LANGUAGES = [
  { id: "node", label: "Node.js", file: "call.mjs" },
  { id: "python", label: "Python", file: "call.py" },
  { id: "go", label: "Go", file: "main.go" },
  { id: "java", label: "Java", file: "Sample.java" },
] as const;

export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]["id"];

/** The comment above each snippet's endpoint override: the one line to change to call Tencent instead. */
export const goLive = (service: SnippetService = "ess") => `to go live: remove the endpoint override (or set ${SDKS[service].host}) and use https`;
export const GO_LIVE = goLive("ess");

const SIGN_METHODS: readonly string[] = ["TC3-HMAC-SHA256", "HmacSHA256", "HmacSHA1"];

/** Throws on input that could not have come from the explorer, so nothing odd is pasted into code. */
export function checkSnippetRequest(input: unknown): SnippetRequest {
  const r = input as Partial<SnippetRequest> | null;
  if (!r || typeof r !== "object") throw new Error("expected an object");
  if (typeof r.action !== "string" || !/^[A-Z][A-Za-z0-9]{0,63}$/.test(r.action)) throw new Error("action: expected an action name");
  if (!r.params || typeof r.params !== "object" || Array.isArray(r.params)) throw new Error("params: expected an object");
  if (typeof r.endpoint !== "string" || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(r.endpoint)) throw new Error("endpoint: expected host[:port]");
  if (typeof r.signMethod !== "string" || !SIGN_METHODS.includes(r.signMethod)) throw new Error(`signMethod: one of ${SIGN_METHODS.join(", ")}`);
  if (r.reqMethod !== "POST" && r.reqMethod !== "GET") throw new Error("reqMethod: POST or GET");
  if (r.service !== undefined && !SNIPPET_SERVICES.includes(r.service)) throw new Error(`service: one of ${SNIPPET_SERVICES.join(", ")}`);
  return r as SnippetRequest;
}

export function generateSnippets(request: SnippetRequest): Record<SnippetLanguage, string> {
  return { node: nodeSnippet(request), python: pythonSnippet(request), go: goSnippet(request), java: javaSnippet(request) };
}

const pretty = (params: Record<string, unknown>) => JSON.stringify(params, null, 2);

export function nodeSnippet({ service = "ess", action, params, endpoint, signMethod, reqMethod }: SnippetRequest): string {
  const sdk = SDKS[service].node;
  return `// npm install tencentcloud-sdk-nodejs
// Save as call.mjs and run: TENCENTCLOUD_SECRET_ID=AKID… TENCENTCLOUD_SECRET_KEY=… node call.mjs
import { ${sdk.module} } from "tencentcloud-sdk-nodejs/tencentcloud/services/${sdk.module}/index.js";

const client = new ${sdk.client}({
  credential: {
    secretId: process.env.TENCENTCLOUD_SECRET_ID,
    secretKey: process.env.TENCENTCLOUD_SECRET_KEY,
  },
  region: "",
  profile: {
    signMethod: ${JSON.stringify(signMethod)},
    httpProfile: {
      reqMethod: ${JSON.stringify(reqMethod)},
      // ${goLive(service)}
      endpoint: ${JSON.stringify(endpoint)},
      protocol: "http://",
    },
  },
});

const params = ${pretty(params)};

try {
  const response = await client.${action}(params);
  console.log(JSON.stringify(response, null, 2));
} catch (error) {
  console.error(error.code, error.message, error.requestId);
  process.exitCode = 1;
}
`;
}

export function pythonSnippet({ service = "ess", action, params, endpoint, signMethod, reqMethod }: SnippetRequest): string {
  const sdk = SDKS[service].python;
  // A raw triple-quoted string keeps JSON's escapes; `'` is escaped in the JSON itself so ''' cannot occur.
  const json = pretty(params).replace(/'/g, "\\u0027");
  return `# pip install tencentcloud-sdk-python
# Run: TENCENTCLOUD_SECRET_ID=AKID… TENCENTCLOUD_SECRET_KEY=… python call.py
import os

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from ${sdk.package} import ${sdk.module}, models

cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"])
http_profile = HttpProfile()
http_profile.reqMethod = ${JSON.stringify(reqMethod)}
# ${goLive(service)}
http_profile.endpoint = ${JSON.stringify(endpoint)}
http_profile.scheme = "http"
client_profile = ClientProfile()
client_profile.httpProfile = http_profile
client_profile.signMethod = ${JSON.stringify(signMethod)}
client = ${sdk.module}.${sdk.client}(cred, "", client_profile)

params = r'''${json}'''

try:
    req = models.${action}Request()
    req.from_json_string(params)
    resp = client.${action}(req)
    print(resp.to_json_string())
except TencentCloudSDKException as err:
    print(err)
`;
}

export function goSnippet({ service = "ess", action, params, endpoint, signMethod, reqMethod }: SnippetRequest): string {
  const sdk = SDKS[service].go;
  // A Go raw string cannot hold a backtick; JSON's \u0060 stands for it.
  const json = pretty(params).replace(/`/g, "\\u0060");
  return `// go get github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/${sdk.module}
// Run: TENCENTCLOUD_SECRET_ID=AKID… TENCENTCLOUD_SECRET_KEY=… go run main.go
package main

import (
	"fmt"
	"os"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	${sdk.name} "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/${sdk.path}"
)

func main() {
	credential := common.NewCredential(os.Getenv("TENCENTCLOUD_SECRET_ID"), os.Getenv("TENCENTCLOUD_SECRET_KEY"))
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.ReqMethod = ${JSON.stringify(reqMethod)}
	// ${goLive(service)}
	cpf.HttpProfile.Endpoint = ${JSON.stringify(endpoint)}
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.SignMethod = ${JSON.stringify(signMethod)}
	client, _ := ${sdk.name}.NewClient(credential, "", cpf)

	request := ${sdk.name}.New${action}Request()
	params := \`${json}\`
	if err := request.FromJsonString(params); err != nil {
		panic(err)
	}
	response, err := client.${action}(request)
	if sdkError, ok := err.(*errors.TencentCloudSDKError); ok {
		fmt.Printf("An API error has returned: %s\\n", sdkError)
		return
	}
	if err != nil {
		panic(err)
	}
	fmt.Println(response.ToJsonString())
}
`;
}

export function javaSnippet({ service = "ess", action, params, endpoint, signMethod, reqMethod }: SnippetRequest): string {
  const sdk = SDKS[service].java;
  // One Java string literal per JSON line; JSON's string escapes are valid Java escapes.
  const literal = pretty(params)
    .split("\n")
    .map((line, i, lines) => JSON.stringify(i < lines.length - 1 ? `${line}\n` : line))
    .join(" +\n                ");
  return `// Maven: com.tencentcloudapi:${sdk.artifact}
// Run: TENCENTCLOUD_SECRET_ID=AKID… TENCENTCLOUD_SECRET_KEY=… java Sample.java
import com.tencentcloudapi.common.AbstractModel;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import ${sdk.package}.${sdk.client};
import ${sdk.package}.models.${action}Request;
import ${sdk.package}.models.${action}Response;

public class Sample {
    public static void main(String[] args) {
        try {
            Credential cred = new Credential(System.getenv("TENCENTCLOUD_SECRET_ID"), System.getenv("TENCENTCLOUD_SECRET_KEY"));
            HttpProfile httpProfile = new HttpProfile();
            httpProfile.setReqMethod(${JSON.stringify(reqMethod)});
            // ${goLive(service)}
            httpProfile.setEndpoint(${JSON.stringify(endpoint)});
            httpProfile.setProtocol("http://");
            ClientProfile clientProfile = new ClientProfile();
            clientProfile.setHttpProfile(httpProfile);
            clientProfile.setSignMethod(${JSON.stringify(signMethod)});
            ${sdk.client} client = new ${sdk.client}(cred, "", clientProfile);

            String params = ${literal};
            ${action}Request req = AbstractModel.fromJsonString(params, ${action}Request.class);
            ${action}Response resp = client.${action}(req);
            System.out.println(AbstractModel.toJsonString(resp));
        } catch (TencentCloudSDKException e) {
            System.out.println(e.toString());
        }
    }
}
`;
}
