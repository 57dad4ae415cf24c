import { services } from "../src/actions/services.ts";
import { registerServices } from "../src/protocol/services.ts";
import { requestDrift } from "../src/protocol/schema-drift.ts";
const r = registerServices(services);
for (const s of r.services) for (const a of s.actions.values()) for (const d of requestDrift(s.spec, a)) console.log(JSON.stringify(d));
