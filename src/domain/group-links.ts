/** The forms of a group invitation link (CreateOrganizationGroupInvitationLink), all on essd's public URL. */
import { pathWith } from "../platform/url.ts";
import { shortUrl } from "./registration/urls.ts";

/** The page a sub-enterprise's admin opens to join the group. */
export const GROUP_JOIN_PAGE = "/h5/group-join/:token";
/** The QR image (`Link`): `:file` is `<token>.png`. */
export const GROUP_QR_PATH = "/imgs/organization/qrcode/joingroup/:file";

export const groupJoinUrl = (publicUrl: string, token: string): string => pathWith(GROUP_JOIN_PAGE, { token }, { base: publicUrl });

export function groupInvitationForms(publicUrl: string, link: { token: string; shortCode: string; shortKey: string }) {
  return {
    Link: pathWith(GROUP_QR_PATH, { file: `${link.token}.png` }, { base: publicUrl }),
    JumpUrl: shortUrl(publicUrl, link.shortCode),
    MiniAppPath: pathWith("/pages/guide/index", { shortKey: link.shortKey }),
  };
}
