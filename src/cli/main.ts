import { Command } from "commander";
import { registerKeyCommands } from "./key.ts";
import { registerMasterKeyCommands } from "./master-key.ts";
import { registerServeCommand } from "./serve.ts";
import { registerSignCommand } from "./sign.ts";
import { registerTenantCommands } from "./tenant.ts";
import { registerPlatformCommands } from "./platform.ts";
import { registerStoreCommands } from "./store.ts";
import { registerBackupCommands } from "./backup.ts";
import { registerDoctorCommand } from "./doctor.ts";
import { registerAdminTokenCommand } from "./admin-token.ts";
import { registerCoverageCommand } from "./coverage.ts";

const program = new Command()
  .name("essd")
  .description("A self-hosted Tencent Cloud API 3.0 server for ESS (ess 2020-11-11, for enterprises) and its third-party integration service (essbasic 2021-05-26, for platforms).")
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerServeCommand(program);
registerTenantCommands(program);
registerPlatformCommands(program);
registerKeyCommands(program);
registerMasterKeyCommands(program);
registerSignCommand(program);
registerStoreCommands(program);
registerBackupCommands(program);
registerDoctorCommand(program);
registerAdminTokenCommand(program);
registerCoverageCommand(program);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`essd: ${error.message}\n`);
  process.exitCode = 1;
});

