/**
 * Every virtual table the server shows, from one registry: createCatalog()
 * registers them all for a profile.
 */
import type { Profile } from '../../config/profiles.js';
import { componentTable } from './component-table.js';
import { registerAccountTables } from './grant-tables.js';
import { informationSchemaTables } from './information-schema.js';
import { registerOceanBaseViews } from './oceanbase.js';
import { TableRegistry } from './registry.js';

/**
 * The catalog of a server of this profile: the information_schema tables,
 * the grant tables, mysql.component (MySQL 8) and OceanBase's views. One
 * per server instance (the composition root builds it); rows are computed
 * from the server's state at query time.
 */
export function createCatalog(profile: Profile): TableRegistry {
  const registry = new TableRegistry();
  for (const t of informationSchemaTables(profile)) registry.register(t);
  registerAccountTables(registry, profile);
  if (profile.components) registry.register(componentTable);
  if (profile.oceanBaseSchema) registerOceanBaseViews(registry);
  return registry;
}

