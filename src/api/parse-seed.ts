// Parsers for the seed dialect: plain arrays/objects, service and server as paths.
import { sessionKey, type Connection, type ConnectionStats, type Session } from '../core/model.js';
import { readConnected, readIdle, readNullableString, readUser } from './parse-common.js';
import { intern, nameFromPath, type Fields } from './validate.js';

export function parseSeedSession(f: Fields, value: unknown, path: string): Session {
  const o = f.object(value, path);
  const id = f.id(o.id, `${path}.id`);
  const service = readNullableString(f, o.service, `${path}.service`);
  return {
    key: sessionKey(f.target, id),
    id,
    target: f.target,
    state: intern(f.string(o.state, `${path}.state`)),
    user: readUser(f, o.user, `${path}.user`),
    address: readNullableString(f, o.address, `${path}.address`),
    service: service === null ? null : nameFromPath(service),
    connected: readConnected(f, o.connected, `${path}.connected`),
    idle: readIdle(f, o.idle, `${path}.idle`),
    // The seed session object does not say how many backends it has.
    backends: null,
  };
}

export function parseSeedSessionArray(f: Fields, json: unknown): Session[] {
  return f.array(json, 'body').map((item, i) => parseSeedSession(f, item, `[${i}]`));
}

function parseStats(f: Fields, value: unknown, path: string): ConnectionStats {
  const o = f.object(value, path);
  return {
    reads: f.number(o.reads, `${path}.reads`),
    writes: f.number(o.writes, `${path}.writes`),
    bufferedWrites: f.number(o.buffered_writes, `${path}.buffered_writes`),
    highWaterEvents: f.number(o.high_water_events, `${path}.high_water_events`),
    lowWaterEvents: f.number(o.low_water_events, `${path}.low_water_events`),
  };
}

export function parseSeedConnection(f: Fields, value: unknown, path: string): Connection {
  const o = f.object(value, path);
  const connection: Connection = { server: nameFromPath(f.string(o.server, `${path}.server`)) };
  const role = f.optString(o.role, `${path}.role`);
  const state = f.optString(o.state, `${path}.state`);
  const service = f.optString(o.service, `${path}.service`);
  if (role !== undefined) connection.role = role;
  if (state !== undefined) connection.state = state;
  if (service !== undefined) connection.service = nameFromPath(service);
  if (o.statistics !== undefined) connection.statistics = parseStats(f, o.statistics, `${path}.statistics`);
  return connection;
}

export function parseSeedConnectionArray(f: Fields, json: unknown): Connection[] {
  return f.array(json, 'body').map((item, i) => parseSeedConnection(f, item, `[${i}]`));
}
