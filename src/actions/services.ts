import type { ServiceDefinition } from "../protocol/services.ts";
import { specFacts } from "../protocol/spec/index.ts";
import { essbasicActions } from "./essbasic/index.ts";
import { actions as essActions } from "./index.ts";

/**
 * Every service essd answers, with the actions it implements in each. A service's other spec actions answer
 * UnsupportedOperation; implementing one means adding it to that service's list.
 */
export const services: ServiceDefinition[] = [
  { spec: specFacts("ess", "2020-11-11"), actions: essActions, signedBy: "enterprise" },
  { spec: specFacts("essbasic", "2021-05-26"), actions: essbasicActions, signedBy: "application" },
];
