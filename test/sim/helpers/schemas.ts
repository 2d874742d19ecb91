// JSON Schemas of every response shape the simulator sends, in both dialects.
import AjvModule from 'ajv';

const Ajv = AjvModule.default;
export const ajv = new Ajv({ allErrors: true, strict: true });

const nonNegInt = { type: 'integer', minimum: 0 } as const;
const str = { type: 'string' } as const;

export const seedError = {
  type: 'object',
  required: ['error', 'description'],
  additionalProperties: false,
  properties: { error: { type: 'string', minLength: 1 }, description: { type: 'string', minLength: 1 } },
} as const;

export const seedSession = {
  type: 'object',
  required: ['id', 'state', 'user', 'address', 'service', 'connected', 'idle'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    state: str,
    user: str,
    address: str,
    service: { type: 'string', pattern: '^/services/' },
    connected: { type: 'string', pattern: '^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d \\d{4}$' },
    idle: { type: 'number', minimum: 0 },
  },
} as const;

export const seedSessionList = { type: 'array', items: seedSession } as const;

export const seedConnection = {
  type: 'object',
  required: ['state', 'role', 'server', 'service', 'statistics'],
  additionalProperties: false,
  properties: {
    state: str,
    role: str,
    server: { type: 'string', pattern: '^/servers/' },
    service: { type: 'string', pattern: '^/services/' },
    statistics: {
      type: 'object',
      required: ['reads', 'writes', 'buffered_writes', 'high_water_events', 'low_water_events'],
      additionalProperties: false,
      properties: {
        reads: nonNegInt,
        writes: nonNegInt,
        buffered_writes: nonNegInt,
        high_water_events: nonNegInt,
        low_water_events: nonNegInt,
      },
    },
  },
} as const;

export const seedConnectionList = { type: 'array', items: seedConnection } as const;

export const v1Errors = {
  type: 'object',
  required: ['errors'],
  additionalProperties: false,
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['detail'], additionalProperties: false, properties: { detail: { type: 'string', minLength: 1 } } },
    },
  },
} as const;

const url = { type: 'string', pattern: '^http://' } as const;
const relationship = (type: string) =>
  ({
    type: 'object',
    required: ['data', 'links'],
    additionalProperties: false,
    properties: {
      data: {
        type: 'array',
        items: { type: 'object', required: ['id', 'type'], additionalProperties: false, properties: { id: str, type: { const: type } } },
      },
      links: { type: 'object', required: ['related', 'self'], additionalProperties: false, properties: { related: url, self: url } },
    },
  }) as const;

const bufferStats = {
  type: 'object',
  required: ['misc', 'readq', 'total', 'writeq'],
  additionalProperties: false,
  properties: { misc: nonNegInt, readq: nonNegInt, total: nonNegInt, writeq: nonNegInt },
} as const;

const isoMillis = { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$' } as const;

export const v1SessionAttributes = {
  type: 'object',
  required: ['client', 'connected', 'connections', 'idle', 'io_activity', 'log', 'memory', 'parameters', 'port', 'queries', 'remote', 'seconds_alive', 'state', 'thread'],
  additionalProperties: false,
  properties: {
    client: {
      type: 'object',
      required: ['cipher', 'connection_attributes', 'sescmd_history_len', 'sescmd_history_stored_metadata', 'sescmd_history_stored_responses'],
      additionalProperties: false,
      properties: {
        cipher: str,
        connection_attributes: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: str }] },
        sescmd_history_len: nonNegInt,
        sescmd_history_stored_metadata: nonNegInt,
        sescmd_history_stored_responses: nonNegInt,
      },
    },
    connected: { type: 'string', pattern: '^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT$' },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['cipher', 'connection_id', 'server'],
        additionalProperties: false,
        properties: { cipher: str, connection_id: nonNegInt, server: str },
      },
    },
    idle: { type: 'number', minimum: 0 },
    io_activity: nonNegInt,
    log: { type: 'array', maxItems: 0 },
    memory: {
      type: 'object',
      required: ['connection_buffers', 'exec_metadata', 'last_queries', 'sescmd_history', 'total', 'variables'],
      additionalProperties: false,
      properties: {
        connection_buffers: {
          type: 'object',
          required: ['backends', 'client', 'total'],
          additionalProperties: false,
          properties: { backends: { type: 'object', additionalProperties: bufferStats }, client: bufferStats, total: nonNegInt },
        },
        exec_metadata: nonNegInt,
        last_queries: nonNegInt,
        sescmd_history: nonNegInt,
        total: nonNegInt,
        variables: nonNegInt,
      },
    },
    parameters: { type: 'object', additionalProperties: { type: 'boolean' } },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    queries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['command', 'received', 'responses', 'statement'],
        additionalProperties: false,
        properties: {
          command: str,
          completed: isoMillis,
          received: isoMillis,
          responses: {
            type: 'array',
            items: { type: 'object', required: ['duration', 'server'], additionalProperties: false, properties: { duration: nonNegInt, server: str } },
          },
          statement: str,
        },
      },
    },
    remote: str,
    seconds_alive: { type: 'number', minimum: 0 },
    state: str,
    thread: nonNegInt,
    user: { type: 'string', minLength: 1 },
  },
} as const;

export const v1SessionResource = {
  type: 'object',
  required: ['attributes', 'id', 'links', 'relationships', 'type'],
  additionalProperties: false,
  properties: {
    attributes: v1SessionAttributes,
    id: { type: 'string', pattern: '^[1-9][0-9]*$' },
    links: { type: 'object', required: ['self'], additionalProperties: false, properties: { self: url } },
    relationships: { type: 'object', required: ['services'], additionalProperties: false, properties: { services: relationship('services') } },
    type: { const: 'sessions' },
  },
} as const;

const selfLinks = { type: 'object', required: ['self'], additionalProperties: false, properties: { self: url } } as const;

export const v1SessionOne = {
  type: 'object',
  required: ['data', 'links'],
  additionalProperties: false,
  properties: { data: v1SessionResource, links: selfLinks },
} as const;

export const v1SessionList = {
  type: 'object',
  required: ['data', 'links'],
  additionalProperties: false,
  properties: { data: { type: 'array', items: v1SessionResource }, links: selfLinks },
} as const;

export const v1PagedList = {
  type: 'object',
  required: ['data', 'links', 'meta'],
  additionalProperties: false,
  properties: {
    data: { type: 'array' },
    links: {
      type: 'object',
      required: ['first', 'last', 'self'],
      additionalProperties: false,
      properties: { first: url, last: url, next: url, prev: url, self: url },
    },
    meta: { type: 'object', required: ['total'], additionalProperties: false, properties: { total: nonNegInt } },
  },
} as const;

export const v1ServerResource = {
  type: 'object',
  required: ['attributes', 'id', 'links', 'relationships', 'type'],
  additionalProperties: false,
  properties: {
    attributes: {
      type: 'object',
      required: ['parameters', 'state', 'statistics'],
      properties: {
        parameters: {
          type: 'object',
          required: ['address', 'port'],
          properties: { address: str, port: { type: 'integer' } },
        },
        state: str,
        statistics: {
          type: 'object',
          required: ['active_operations', 'connections', 'failed_auths', 'max_connections', 'persistent_connections', 'total_connections'],
          properties: {
            active_operations: nonNegInt,
            connections: nonNegInt,
            failed_auths: nonNegInt,
            max_connections: nonNegInt,
            persistent_connections: nonNegInt,
            total_connections: nonNegInt,
          },
        },
      },
    },
    id: str,
    links: selfLinks,
    relationships: {
      type: 'object',
      required: ['services'],
      properties: { services: relationship('services'), monitors: relationship('monitors') },
    },
    type: { const: 'servers' },
  },
} as const;

export const v1ServerList = {
  type: 'object',
  required: ['data', 'links'],
  additionalProperties: false,
  properties: { data: { type: 'array', items: v1ServerResource }, links: selfLinks },
} as const;

export const v1ServerOne = {
  type: 'object',
  required: ['data', 'links'],
  additionalProperties: false,
  properties: { data: v1ServerResource, links: selfLinks },
} as const;

export const v1ServiceList = {
  type: 'object',
  required: ['data', 'links'],
  additionalProperties: false,
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['attributes', 'id', 'links', 'relationships', 'type'],
        properties: {
          attributes: {
            type: 'object',
            required: ['router', 'state', 'statistics'],
            properties: { router: str, state: str, statistics: { type: 'object', required: ['connections', 'total_connections'], properties: { connections: nonNegInt, total_connections: nonNegInt } } },
          },
          id: str,
          links: selfLinks,
          relationships: { type: 'object', required: ['servers'], properties: { servers: relationship('servers') } },
          type: { const: 'services' },
        },
      },
    },
    links: selfLinks,
  },
} as const;

/** Asserts `value` matches `schema`; the error names every mismatch. */
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

export function assertSchema(schema: object, value: unknown, what = 'response'): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    throw new Error(`${what} does not match its schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
}
