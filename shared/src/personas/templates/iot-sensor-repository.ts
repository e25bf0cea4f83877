import type { PersonaDefinitionInput } from '../persona-definition.js';

/**
 * IoT sensor data repository: a device registry and a time-series of readings, range
 * partitioned by day. Readings arrive in time order, so each daily partition is written
 * at its end only, its BRIN index stays tiny and exact, old days are dropped as whole
 * partitions (no DELETE, no bloat), and queries on recent windows prune to one or two
 * partitions.
 */
export const iotSensorRepository: PersonaDefinitionInput = {
  personaId: 'iot-sensor-repository',
  version: 1,
  name: 'IoT sensor data repository',
  description:
    'Telemetry store for a fleet of about 100,000 devices on 2,000 sites with 400,000 sensors reporting every 5 minutes: about 115 million readings a day, ' +
    'kept 90 days (about 10 billion rows) in daily range partitions. Ingestion is idempotent (a resent reading is ignored). Dashboards read the latest ' +
    'value and recent history of a sensor and fleet-wide summaries of the last minutes.',
  initialSchema: {
    schemaName: 'telemetry',
    enumTypes: [
      { name: 'device_status', values: ['provisioned', 'online', 'offline', 'retired'] },
      { name: 'sensor_kind', values: ['temperature', 'humidity', 'pressure', 'co2', 'vibration'] },
    ],
    tables: [
      {
        name: 'sites',
        description: 'Physical locations devices are installed at.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'code', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'timezone', type: 'text', default: { kind: 'literal', value: 'UTC' } },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'sites_code_key', columns: ['code'] }],
        checks: [{ name: 'sites_code_format', condition: { kind: 'matches', column: 'code', pattern: '^[A-Z0-9-]{2,20}$' } }],
      },
      {
        name: 'devices',
        description: 'Registered devices; the serial number is printed on the device.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'site_id', type: 'bigint' },
          { name: 'serial', type: 'text' },
          { name: 'model', type: 'text' },
          { name: 'status', type: 'device_status', default: { kind: 'literal', value: 'provisioned' } },
          { name: 'installed_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'devices_serial_key', columns: ['serial'] }],
        foreignKeys: [{ name: 'devices_site_fk', columns: ['site_id'], referencesTable: 'sites', referencesColumns: ['id'], onDelete: 'restrict' }],
      },
      {
        name: 'sensors',
        description: 'Measuring channels of a device, one per kind, with the valid range of their values.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'device_id', type: 'bigint' },
          { name: 'kind', type: 'sensor_kind' },
          { name: 'unit', type: 'text' },
          { name: 'min_valid', type: 'double precision', nullable: true },
          { name: 'max_valid', type: 'double precision', nullable: true },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'sensors_device_kind_key', columns: ['device_id', 'kind'] }],
        foreignKeys: [{ name: 'sensors_device_fk', columns: ['device_id'], referencesTable: 'devices', referencesColumns: ['id'], onDelete: 'cascade' }],
        checks: [{ name: 'sensors_valid_range', condition: { kind: 'compare-columns', column: 'min_valid', operator: '<', otherColumn: 'max_valid' } }],
      },
      {
        name: 'readings',
        description: 'One value per sensor and timestamp, range partitioned by day on recorded_at; quality is 0 (bad) to 100 (good).',
        columns: [
          { name: 'sensor_id', type: 'bigint' },
          { name: 'recorded_at', type: 'timestamptz' },
          { name: 'value', type: 'double precision' },
          { name: 'quality', type: 'smallint', default: { kind: 'literal', value: 100 } },
        ],
        primaryKey: ['sensor_id', 'recorded_at'],
        foreignKeys: [{ name: 'readings_sensor_fk', columns: ['sensor_id'], referencesTable: 'sensors', referencesColumns: ['id'], onDelete: 'restrict' }],
        checks: [
          { name: 'readings_quality_min', condition: { kind: 'compare', column: 'quality', operator: '>=', value: 0 } },
          { name: 'readings_quality_max', condition: { kind: 'compare', column: 'quality', operator: '<=', value: 100 } },
        ],
        partitioning: { method: 'range', column: 'recorded_at', interval: 'day', precreatePast: 3, precreateFuture: 7, retentionIntervals: 90 },
      },
    ],
  },
  indexingStrategy: {
    summary:
      'Readings: the primary key (sensor_id, recorded_at) is the idempotency key of ingestion and serves every per-sensor read (latest value, history range) ' +
      'as a backward or forward index range per partition; fleet-wide time windows use a BRIN index on recorded_at, a few kilobytes per daily partition, ' +
      'exact because rows arrive in time order. No other index on readings: each would cost every one of the 1,300 inserts a second. Sensor deletions are ' +
      'restricted while readings exist (checked through the primary key); retention drops whole partitions. Registry tables are small; devices by site ' +
      'is covered for index-only scans, and sensors by device uses the (device_id, kind) unique constraint.',
    indexes: [
      {
        name: 'readings_recorded_brin',
        table: 'readings',
        method: 'brin',
        keys: [{ column: 'recorded_at' }],
        pagesPerRange: 32,
        rationale: 'Fleet-wide summaries read a window of minutes across all sensors; BRIN finds its block ranges for a few pages of index per partition.',
      },
      {
        name: 'devices_site_idx',
        table: 'devices',
        keys: [{ column: 'site_id' }, { column: 'serial' }],
        include: ['id', 'model', 'status'],
        rationale: 'Site pages list their devices by serial as an index-only scan; covers the site foreign key.',
      },
    ],
  },
  accessPatterns: [
    {
      id: 'ingest-reading',
      description: 'A gateway stores one reading; a resend of the same reading is ignored.',
      kind: 'write',
      sql: 'INSERT INTO readings (sensor_id, recorded_at, value, quality) VALUES ($1, $2, $3, $4) ON CONFLICT (sensor_id, recorded_at) DO NOTHING',
      parameters: [
        { name: 'sensor_id', type: 'bigint' },
        { name: 'recorded_at', type: 'timestamptz' },
        { name: 'value', type: 'double precision' },
        { name: 'quality', type: 'smallint' },
      ],
      parameterSamples: 'SELECT id, now(), 20.5::double precision, 100::smallint FROM sensors ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 1_400,
      latencyTargetMs: 2,
      servedBy: ['readings_pkey'],
    },
    {
      id: 'sensor-latest',
      description: 'Latest value of a sensor (device page, alerting).',
      kind: 'read',
      sql: 'SELECT recorded_at, value, quality FROM readings WHERE sensor_id = $1 ORDER BY recorded_at DESC LIMIT 1',
      parameters: [{ name: 'sensor_id', type: 'bigint' }],
      parameterSamples: 'SELECT id FROM sensors ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 500,
      latencyTargetMs: 5,
      servedBy: ['readings_pkey'],
    },
    {
      id: 'sensor-history',
      description: 'Chart of one sensor over the last day.',
      kind: 'read',
      sql: 'SELECT recorded_at, value FROM readings WHERE sensor_id = $1 AND recorded_at >= $2 AND recorded_at < $3 ORDER BY recorded_at',
      parameters: [
        { name: 'sensor_id', type: 'bigint' },
        { name: 'from', type: 'timestamptz' },
        { name: 'to', type: 'timestamptz' },
      ],
      parameterSamples: "SELECT id, now() - interval '24 hours', now() FROM sensors ORDER BY random() LIMIT $1",
      expectedRatePerSecond: 50,
      latencyTargetMs: 20,
      servedBy: ['readings_pkey'],
    },
    {
      id: 'fleet-window-summary',
      description: 'Dashboard tile: count, mean, min and max per sensor kind over a 10-minute window, fleet-wide.',
      kind: 'read',
      sql:
        'SELECT s.kind, count(*) AS readings, avg(r.value) AS mean_value, min(r.value) AS min_value, max(r.value) AS max_value ' +
        'FROM readings AS r JOIN sensors AS s ON s.id = r.sensor_id WHERE r.recorded_at >= $1 AND r.recorded_at < $2 GROUP BY s.kind',
      parameters: [
        { name: 'from', type: 'timestamptz' },
        { name: 'to', type: 'timestamptz' },
      ],
      parameterSamples:
        "SELECT t, t + interval '10 minutes' FROM (SELECT now() - interval '2 hours' - random() * interval '40 hours' AS t FROM generate_series(1, $1::int)) AS w",
      expectedRatePerSecond: 0.5,
      latencyTargetMs: 400,
      servedBy: ['readings_recorded_brin'],
    },
    {
      id: 'devices-of-site',
      description: 'Device list of a site page.',
      kind: 'read',
      sql: 'SELECT id, serial, model, status FROM devices WHERE site_id = $1 ORDER BY serial',
      parameters: [{ name: 'site_id', type: 'bigint' }],
      parameterSamples: 'SELECT site_id FROM devices ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 20,
      latencyTargetMs: 10,
      servedBy: ['devices_site_idx'],
    },
    {
      id: 'sensors-of-device',
      description: 'Sensors of a device.',
      kind: 'read',
      sql: 'SELECT id, kind, unit, min_valid, max_valid FROM sensors WHERE device_id = $1',
      parameters: [{ name: 'device_id', type: 'bigint' }],
      parameterSamples: 'SELECT device_id FROM sensors ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 100,
      latencyTargetMs: 2,
      servedBy: ['sensors_device_kind_key'],
    },
  ],
  volumes: [
    { table: 'sites', expectedRows: 2_000, growthRowsPerDay: 2, testRows: 50 },
    { table: 'devices', expectedRows: 100_000, growthRowsPerDay: 100, testRows: 2_000 },
    { table: 'sensors', expectedRows: 400_000, growthRowsPerDay: 400, testRows: 800 },
    { table: 'readings', expectedRows: 10_368_000_000, growthRowsPerDay: 115_200_000, testRows: 460_800 },
  ],
  seeds: [
    {
      table: 'sites',
      sql: "INSERT INTO sites (code, name, timezone) SELECT 'SITE-' || lpad(g::text, 4, '0'), 'Site ' || g, (ARRAY['UTC', 'Europe/Berlin', 'America/Chicago', 'Asia/Tokyo'])[1 + g % 4] FROM generate_series(1, $1::int) AS g",
    },
    {
      table: 'devices',
      sql:
        "INSERT INTO devices (site_id, serial, model, status, installed_at) SELECT 1 + floor(s.n * random())::bigint, 'DEV-' || lpad(g::text, 8, '0'), " +
        "(ARRAY['TX-100', 'TX-200', 'HX-7', 'ENV-3'])[1 + g % 4], " +
        "(CASE WHEN random() < 0.9 THEN 'online' WHEN random() < 0.5 THEN 'offline' ELSE 'provisioned' END)::device_status, now() - random() * interval '365 days' " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM sites) AS s',
    },
    {
      // Four channels per device, for as many devices as the volume asks.
      table: 'sensors',
      sql:
        'INSERT INTO sensors (device_id, kind, unit, min_valid, max_valid) SELECT d.id, k.kind, k.unit, k.lo, k.hi FROM devices AS d CROSS JOIN (VALUES ' +
        "('temperature'::sensor_kind, 'degC', -40.0, 85.0), ('humidity'::sensor_kind, 'percent', 0.0, 100.0), " +
        "('pressure'::sensor_kind, 'hPa', 800.0, 1100.0), ('co2'::sensor_kind, 'ppm', 300.0, 5000.0)) AS k (kind, unit, lo, hi) " +
        'ORDER BY d.id, k.kind LIMIT $1',
    },
    {
      // The last 48 hours at an even pace per sensor, inserted in time order as gateways deliver them.
      table: 'readings',
      sql:
        'INSERT INTO readings (sensor_id, recorded_at, value, quality) ' +
        "SELECT s.id, now() - interval '48 hours' + g * w.step, 20 + 5 * sin(g / 20.0 + s.id) + random(), CASE WHEN random() < 0.01 THEN 40 ELSE 100 END " +
        "FROM (SELECT count(*) AS n FROM sensors) AS c CROSS JOIN LATERAL (SELECT interval '48 hours' * c.n / $1::bigint AS step, ceil($1::numeric / c.n)::int AS per_sensor) AS w " +
        'CROSS JOIN LATERAL generate_series(0, w.per_sensor - 1) AS g CROSS JOIN sensors AS s ORDER BY g, s.id',
    },
  ],
};
