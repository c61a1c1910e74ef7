import { formatExtractStatement, type ExtractStatement } from '@custody/contracts';
import { signNote, type NoteSigner } from '@custody/ledger';

export {
  formatExtractStatement,
  parseExtractStatement,
  STATEMENT_HEADER,
  StatementFormatError,
  type ExtractStatement,
} from '@custody/contracts';

/** The statement as a C2SP signed note (c2sp.org/signed-note) by `signer`, the log's key. */
export function signExtractStatement(s: ExtractStatement, signer: NoteSigner): string {
  return signNote(formatExtractStatement(s), [signer]);
}
