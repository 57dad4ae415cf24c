import type { ActionDefinition } from "../../protocol/action.ts";
import { ChannelDescribeEmployees } from "./ChannelDescribeEmployees.ts";
import { CreateConsoleLoginUrl } from "./CreateConsoleLoginUrl.ts";
import { CreateChannelSubOrganizationActive } from "./CreateChannelSubOrganizationActive.ts";
import { DescribeChannelOrganizations } from "./DescribeChannelOrganizations.ts";
import { CreateBatchOrganizationRegistrationTasks } from "./CreateBatchOrganizationRegistrationTasks.ts";
import { DescribeBatchOrganizationRegistrationUrls } from "./DescribeBatchOrganizationRegistrationUrls.ts";
import { DescribeBatchOrganizationRegistrationTasks } from "./DescribeBatchOrganizationRegistrationTasks.ts";
import { CreateBatchOrganizationAuthorizationUrl } from "./CreateBatchOrganizationAuthorizationUrl.ts";
import { DeleteOrganizationAuthorizations } from "./DeleteOrganizationAuthorizations.ts";
import { SyncProxyOrganization } from "./SyncProxyOrganization.ts";
import { SyncProxyOrganizationOperators } from "./SyncProxyOrganizationOperators.ts";

/** Every essbasic (2021-05-26) action essd implements: an explicit list, as for ess in ../index.ts. */
export const essbasicActions: ReadonlyArray<ActionDefinition<any, any>> = [
  SyncProxyOrganization,
  SyncProxyOrganizationOperators,
  CreateConsoleLoginUrl,
  CreateChannelSubOrganizationActive,
  DescribeChannelOrganizations,
  ChannelDescribeEmployees,
  CreateBatchOrganizationRegistrationTasks,
  DescribeBatchOrganizationRegistrationUrls,
  DescribeBatchOrganizationRegistrationTasks,
  CreateBatchOrganizationAuthorizationUrl,
  DeleteOrganizationAuthorizations,
];
