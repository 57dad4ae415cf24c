import { CreateIntegrationEmployees } from "./CreateIntegrationEmployees.ts";
import { DescribeIntegrationEmployees } from "./DescribeIntegrationEmployees.ts";

/** Every action essd implements: an explicit list, so a search for an action's name finds it here. */
export const actions = [CreateIntegrationEmployees, DescribeIntegrationEmployees];
