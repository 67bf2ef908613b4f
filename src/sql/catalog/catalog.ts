/**
 * Every table the server shows, from one registry: the definitions of the
 * server's profile (definitions/, decoded on first use) with the live
 * sources laid over them. createCatalog() only registers closures, so it
 * costs nothing at startup.
 */
import type { Profile } from '../../config/profiles.js';
import type { Catalog } from '../context.js';
import { componentTable } from './component-table.js';
import { registerAccountTables } from './grant-tables.js';
import { registerInformationSchema } from './information-schema.js';
import { registerOceanBaseViews } from './oceanbase.js';
import { registerPerformanceSchema } from './performance-schema.js';
import { registerPrivilegeTables } from './privilege-tables.js';
import { TableRegistry } from './registry.js';

/**
 * The catalog of a server of this profile: mysql, information_schema,
 * performance_schema and sys as the server has them, the account tables
 * live from the account store, information_schema generated from the
 * registry, performance_schema from the sessions and variables, and
 * OceanBase's views. One per server instance (the composition root builds
 * it); rows are computed from the server's state at query time.
 */
export function createCatalog(profile: Profile): TableRegistry {
  const registry = new TableRegistry(profile);
  registerInformationSchema(registry, profile);
  registerPerformanceSchema(registry);
  registerAccountTables(registry, profile);
  registerPrivilegeTables(registry);
  // sys.version: the sys schema's version and the server's (a view over constants, so it has a row).
  registry.registerRecords({
    schema: 'sys',
    name: 'version',
    records: () => {
      const version = registry.definitions().schemas.find((s) => s.name === 'sys')?.version;
      return version ? [{ sys_version: version, mysql_version: profile.version }] : [];
    },
  });
  if (profile.components) registry.overlay(componentTable);
  if (profile.oceanBaseSchema) registerOceanBaseViews(registry);
  return registry;
}

/** The registry behind a server's catalog (SHOW reads definitions through it). */
export function registryOf(catalog: Catalog): TableRegistry {
  if (!(catalog instanceof TableRegistry)) throw new Error('the catalog is not a TableRegistry');
  return catalog;
}
