import { Option, type Command } from "commander";
import { choicesOf, defaultOf, flagOf, SETTINGS, type SettingName } from "../config/config.ts";

const names = Object.keys(SETTINGS) as SettingName[];

/** The flag of one setting, generated from its declaration: argument, doc, choices, environment variable, default. */
function settingOption(name: SettingName): Option {
  const { arg, doc, env } = SETTINGS[name];
  const option = new Option(`${flagOf(name)} <${arg}>`, doc).env(env);
  // Shown in --help, checked by loadConfig: commander's own check would refuse an exported but empty variable,
  // which means "unset" for every setting.
  option.argChoices = choicesOf(name)?.slice();
  const fallback = defaultOf(name);
  if (fallback !== undefined) option.default(String(fallback));
  return option;
}

/** The settings read from the environment only (secrets), named after the flags in `--help`. */
function environmentOnlyHelp(selected: readonly SettingName[]): string {
  const only = selected.filter((name) => SETTINGS[name].arg === false);
  if (!only.length) return "";
  return `\nEnvironment only:\n${only.map((name) => `  ${SETTINGS[name].env.padEnd(24)}${SETTINGS[name].doc}`).join("\n")}\n`;
}

function withSettings(command: Command, selected: readonly SettingName[]): Command {
  for (const name of selected) if (SETTINGS[name].arg !== false) command.addOption(settingOption(name));
  const help = environmentOnlyHelp(selected);
  return help ? command.addHelpText("after", help) : command;
}

/** Every setting's flag: what `essd serve` takes. */
export const withServeOptions = (command: Command): Command => withSettings(command, names);

/** The settings that locate and open the store: what every admin command takes. */
export const withStoreOptions = (command: Command): Command =>
  withSettings(
    command,
    names.filter((name) => "store" in SETTINGS[name]),
  );

const README_BEGIN = "<!-- settings: generated from src/config/config.ts (node --import tsx scripts/readme-settings.ts) -->";
const README_END = "<!-- /settings -->";

/** The README's table of settings, as the declaration says: flag, environment variable, default, meaning. */
export function settingsTable(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  // Environment-only settings last: they are the exceptions.
  const ordered = [...names].sort((a, b) => Number(SETTINGS[a].arg === false) - Number(SETTINGS[b].arg === false));
  const rows = ordered.map((name) => {
    const { arg, env, doc } = SETTINGS[name];
    const fallback = defaultOf(name);
    const flag = arg === false ? "—" : `\`${flagOf(name)} ${choicesOf(name)?.join("\\|") ?? `<${arg}>`}\``;
    return `| ${flag} | \`${env}\` | ${fallback === undefined ? "" : `\`${fallback}\``} | ${cell(doc)} |`;
  });
  return [README_BEGIN, "| Flag | Environment variable | Default | Meaning |", "| --- | --- | --- | --- |", ...rows, README_END].join("\n");
}

/** `readme` with its settings table replaced by the current one. */
export function withSettingsTable(readme: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error("the README has no settings table markers");
  return readme.slice(0, begin) + settingsTable() + readme.slice(end + README_END.length);
}
