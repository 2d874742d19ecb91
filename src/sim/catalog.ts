// Static ingredients of the simulated cluster: service and server layouts, user names, client
// programs and statements. Pure data; the model draws from it with its seeded Rng.

export interface SimServer {
  name: string;
  /** `Master` or `Slave`; shown in `state` as `Master, Running`. */
  role: 'Master' | 'Slave';
  address: string;
  port: number;
  /** Backend thread ids handed out as `connection_id`, per server, increasing. */
  nextConnectionId: number;
  /** Connections ever made to this server (never decreases). */
  totalConnections: number;
  /** The most connections that were open at once. */
  maxConnections: number;
  failedAuths: number;
  routedPackets: number;
}

export interface SimService {
  name: string;
  router: 'readwritesplit' | 'readconnroute' | 'schemarouter';
  /** Servers this service connects to, by name. */
  servers: string[];
  /** Relative share of client sessions. */
  weight: number;
  totalConnections: number;
  maxConnections: number;
}

export const SERVER_NAMES = ['db-serv-01', 'db-serv-02', 'db-serv-03', 'db-serv-04'] as const;

/** Builds the four servers: db-serv-01 is the primary, the others replicas. */
export function makeServers(): SimServer[] {
  return SERVER_NAMES.map((name, i) => ({
    name,
    role: i === 0 ? 'Master' : 'Slave',
    address: `10.20.0.${11 + i}`,
    port: 3306,
    nextConnectionId: 1000 * (i + 1),
    totalConnections: 0,
    maxConnections: 0,
    failedAuths: 0,
    routedPackets: 0,
  }));
}

const SERVICE_CANDIDATES: Omit<SimService, 'totalConnections' | 'maxConnections'>[] = [
  { name: 'RW-Split-Router', router: 'readwritesplit', servers: [...SERVER_NAMES], weight: 6 },
  { name: 'Read-Only-Service', router: 'readconnroute', servers: ['db-serv-02', 'db-serv-03', 'db-serv-04'], weight: 3 },
  { name: 'Reporting-Service', router: 'readconnroute', servers: ['db-serv-04'], weight: 1 },
  { name: 'Write-Service', router: 'readconnroute', servers: ['db-serv-01'], weight: 2 },
  { name: 'Sharded-Service', router: 'schemarouter', servers: ['db-serv-02', 'db-serv-03'], weight: 1 },
];

/** The first `count` (3–5) services of the fixed catalogue. */
export function makeServices(count: number): SimService[] {
  return SERVICE_CANDIDATES.slice(0, count).map((s) => ({
    ...s,
    servers: [...s.servers],
    totalConnections: 0,
    maxConnections: 0,
  }));
}

export const USERS: readonly (readonly [string, number])[] = [
  ['app', 30], ['web', 20], ['api', 15], ['reporting', 6], ['etl', 4], ['batch', 4],
  ['bob', 3], ['alice', 3], ['dba', 2], ['monitor', 2], ['analytics', 3], ['billing', 4],
];

/** The three documentation ranges (RFC 5737): client addresses never name a real host. */
export const ADDRESS_PREFIXES = ['192.0.2.', '198.51.100.', '203.0.113.'] as const;

export interface ClientProfile {
  name: string;
  version: string;
  os: string;
  platform: string;
}

export const CLIENT_PROFILES: readonly ClientProfile[] = [
  { name: 'libmariadb', version: '3.3.8', os: 'Linux', platform: 'x86_64' },
  { name: 'libmysql', version: '8.0.36', os: 'Linux', platform: 'x86_64' },
  { name: 'mysql-connector-java', version: '8.3.0', os: 'Linux', platform: 'amd64' },
  { name: 'MariaDB Connector/J', version: '3.3.3', os: 'Linux', platform: 'amd64' },
  { name: 'mysqlnd', version: '8.2.15', os: 'Linux', platform: 'x86_64' },
];

export interface StatementTemplate {
  text: string;
  /** Writes go to the primary under readwritesplit. */
  write: boolean;
}

export const STATEMENTS: readonly StatementTemplate[] = [
  { text: 'SELECT id, status, total FROM orders WHERE customer_id = ?', write: false },
  { text: 'SELECT * FROM products WHERE sku IN (?, ?, ?)', write: false },
  { text: 'SELECT COUNT(*) FROM sessions WHERE expires_at > NOW()', write: false },
  { text: 'UPDATE carts SET updated_at = NOW() WHERE id = ?', write: true },
  { text: 'INSERT INTO audit_log (actor, action, created_at) VALUES (?, ?, NOW())', write: true },
  { text: 'SELECT name, email FROM customers WHERE id = ?', write: false },
  { text: 'BEGIN', write: true },
  { text: 'COMMIT', write: true },
  { text: 'SELECT @@version_comment LIMIT 1', write: false },
  { text: 'SET NAMES utf8mb4', write: false },
  { text: 'DELETE FROM carts WHERE updated_at < NOW() - INTERVAL 7 DAY', write: true },
  { text: 'SELECT region, SUM(total) FROM orders GROUP BY region ORDER BY 2 DESC', write: false },
];

/** Statements that run long (reports, batch jobs): the sessions a DBA goes looking for. */
export const LONG_STATEMENTS: readonly StatementTemplate[] = [
  { text: 'SELECT c.region, p.category, SUM(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id GROUP BY 1, 2', write: false },
  { text: 'UPDATE inventory SET reserved = 0 WHERE warehouse_id = ?', write: true },
  { text: 'SELECT * FROM events WHERE payload LIKE ?', write: false },
];
