/** Pure validators for the Chinese identity data ESS receives (reference §6.3, §9). No I/O. */
export * from "./credit-code.ts";
export * from "./id-card.ts";
export * from "./address.ts";
export * from "./files.ts";
