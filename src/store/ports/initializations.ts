/** Operations performed through CreateBatchInitOrganizationUrl's links (创建印章, 加入集团, 开通自动签…). */

export interface InitializationRecord {
  linkCode: string;
  /** The enterprise the operation was performed for. */
  targetOrganizationId: string;
  operateType: string;
  /** The tenant that created the link. */
  organizationId: string;
  detail: Record<string, unknown>;
  doneAt: number;
}

export interface InitializationStore {
  /** Records operations; one already recorded for the same link, enterprise and type is kept as it was. */
  insertInitializations(records: InitializationRecord[]): Promise<void>;
  /** A tenant's recorded operations, oldest first; `linkCode` narrows them to one link. */
  listInitializations(organizationId: string, filter: { linkCode?: string; limit: number }): Promise<InitializationRecord[]>;
}
