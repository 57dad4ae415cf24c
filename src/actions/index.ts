import { BindEmployeeUserIdWithClientOpenId } from "./BindEmployeeUserIdWithClientOpenId.ts";
import { CreateBatchOrganizationAuthorizationUrl } from "./CreateBatchOrganizationAuthorizationUrl.ts";
import { CreateBatchOrganizationRegistrationTasks } from "./CreateBatchOrganizationRegistrationTasks.ts";
import { CreateIntegrationEmployees } from "./CreateIntegrationEmployees.ts";
import { CreateOrganizationAuthFile } from "./CreateOrganizationAuthFile.ts";
import { CreateOrganizationAuthUrl } from "./CreateOrganizationAuthUrl.ts";
import { DeleteIntegrationEmployees } from "./DeleteIntegrationEmployees.ts";
import { DeleteOrganizationAuthorizations } from "./DeleteOrganizationAuthorizations.ts";
import { DescribeBatchOrganizationRegistrationTasks } from "./DescribeBatchOrganizationRegistrationTasks.ts";
import { DescribeBatchOrganizationRegistrationUrls } from "./DescribeBatchOrganizationRegistrationUrls.ts";
import { DescribeIntegrationEmployees } from "./DescribeIntegrationEmployees.ts";
import { DescribeOrganizationAuthStatus } from "./DescribeOrganizationAuthStatus.ts";
import { CreateOrganizationGroupInvitationLink } from "./CreateOrganizationGroupInvitationLink.ts";
import { DescribeOrganizationGroupOrganizations } from "./DescribeOrganizationGroupOrganizations.ts";
import { CreateBatchInitOrganizationUrl } from "./CreateBatchInitOrganizationUrl.ts";
import { CreateEmployeeChangeUrl } from "./CreateEmployeeChangeUrl.ts";
import { CreateOrganizationInfoChangeUrl } from "./CreateOrganizationInfoChangeUrl.ts";
import { DescribeOrganizationVerifyStatus } from "./DescribeOrganizationVerifyStatus.ts";
import { UnbindEmployeeUserIdWithClientOpenId } from "./UnbindEmployeeUserIdWithClientOpenId.ts";
import { UpdateIntegrationEmployees } from "./UpdateIntegrationEmployees.ts";

/** Every action essd implements: an explicit list, so a search for an action's name finds it here. */
export const actions = [
  CreateBatchOrganizationRegistrationTasks,
  DescribeBatchOrganizationRegistrationUrls,
  DescribeBatchOrganizationRegistrationTasks,
  CreateBatchOrganizationAuthorizationUrl,
  DeleteOrganizationAuthorizations,
  DescribeOrganizationAuthStatus,
  CreateOrganizationAuthUrl,
  CreateIntegrationEmployees,
  DescribeIntegrationEmployees,
  CreateOrganizationGroupInvitationLink,
  DescribeOrganizationGroupOrganizations,
  CreateBatchInitOrganizationUrl,
  CreateEmployeeChangeUrl,
  CreateOrganizationInfoChangeUrl,
  DescribeOrganizationVerifyStatus,
  UpdateIntegrationEmployees,
  DeleteIntegrationEmployees,
  BindEmployeeUserIdWithClientOpenId,
  UnbindEmployeeUserIdWithClientOpenId,
  CreateOrganizationAuthFile,
];
