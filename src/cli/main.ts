import { Command } from "commander";
import { registerKeyCommands } from "./key.ts";
import { registerServeCommand } from "./serve.ts";
import { registerSignCommand } from "./sign.ts";
import { registerTenantCommands } from "./tenant.ts";
import { registerStoreCommands } from "./store.ts";
import { registerAdminTokenCommand } from "./admin-token.ts";
import { registerCoverageCommand } from "./coverage.ts";

const program = new Command()
  .name("essd")
  .description("A self-hosted Tencent Cloud API 3.0 server for the ESS (2020-11-11) batch enterprise registration and authorization family.")
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerServeCommand(program);
registerTenantCommands(program);
registerKeyCommands(program);
registerSignCommand(program);
registerStoreCommands(program);
registerAdminTokenCommand(program);
registerCoverageCommand(program);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`essd: ${error.message}\n`);
  process.exitCode = 1;
});

