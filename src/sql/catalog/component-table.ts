/** mysql.component: the components INSTALL COMPONENT loaded (here: validate_password). */
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type ColumnTypeCode } from '../../wire/result.js';
import { checkTableSelect } from '../access.js';
import type { TableProvider } from '../context.js';

const componentColumn = (name: string, type: ColumnTypeCode, charset: number, length: number, flags: number): ColumnDef => ({
  name, orgName: name, table: 'component', orgTable: 'component', schema: 'mysql', type, charset, length,
  flags: ColumnFlag.NOT_NULL | flags,
});
const COMPONENT_COLUMNS: readonly ColumnDef[] = [
  componentColumn('component_id', ColumnType.LONG, Charset.BINARY, 10, ColumnFlag.PRI_KEY | ColumnFlag.UNSIGNED | ColumnFlag.AUTO_INCREMENT | ColumnFlag.BINARY),
  componentColumn('component_group_id', ColumnType.LONG, Charset.BINARY, 10, ColumnFlag.UNSIGNED | ColumnFlag.BINARY),
  componentColumn('component_urn', ColumnType.BLOB, Charset.UTF8MB3_GENERAL_CI, 196605, ColumnFlag.BLOB),
];

/** mysql.component (MySQL 8): one row per INSTALL COMPONENT'ed URN; SELECT needs the table privilege (1142). */
export const componentTable: TableProvider = {
  schema: 'mysql',
  name: 'component',
  columns: COMPONENT_COLUMNS,
  rows: (ctx) => {
    checkTableSelect(ctx, 'mysql', 'component');
    const row = ctx.server.validatePassword.row;
    return row ? [row] : [];
  },
};

