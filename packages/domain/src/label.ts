/** A user-visible string, Ukrainian first, with English. */
export interface Label {
  readonly uk: string;
  readonly en: string;
}
