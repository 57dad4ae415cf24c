/** Failures a sandbox tenant asked for: an enterprise that fails verification, the next call of an action. */

export type SandboxFaultKind = "enterprise-verification" | "next-call";

export interface SandboxFaultRecord {
  id: string;
  organizationId: string;
  kind: SandboxFaultKind;
  /** enterprise-verification: the enterprise's name key or credit code; next-call: the action name. */
  target: string;
  /** The error code to answer (next-call) or to record (enterprise-verification). */
  code: string;
  message: string;
  createdAt: number;
}

export interface SandboxFaultStore {
  insertSandboxFault(fault: SandboxFaultRecord): Promise<void>;
  /** An organization's faults of one kind for one of `targets`, oldest first. */
  findSandboxFaults(organizationId: string, kind: SandboxFaultKind, targets: string[]): Promise<SandboxFaultRecord[]>;
  listSandboxFaults(organizationId: string): Promise<SandboxFaultRecord[]>;
  /** Deletes one of the organization's faults; false when it is not the organization's or was already gone (another node took it first). */
  deleteSandboxFault(organizationId: string, id: string): Promise<boolean>;
}
