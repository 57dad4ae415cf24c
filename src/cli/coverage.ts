import type { Command } from "commander";
import { services } from "../actions/services.ts";
import { coverageMap } from "../coverage/map.ts";
import { coverageTable } from "../coverage/render.ts";
import { registerServices } from "../protocol/services.ts";
import { printJson } from "./common.ts";

/** `essd coverage`: which actions of each service essd implements (no store is opened). */
export function registerCoverageCommand(program: Command): void {
  program
    .command("coverage")
    .description("list every action of the ESS specs essd knows, whether it is implemented, and how many tests call it")
    .option("--json", 'print {"services":[{"service","version","implemented","total","actions":[{"name","title","implemented","tests"}]}]}')
    .action((flags: { json?: boolean }) => {
      const map = coverageMap(registerServices(services));
      if (flags.json) printJson(map);
      else process.stdout.write(coverageTable(map));
    });
}
